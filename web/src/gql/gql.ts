/* eslint-disable */
import * as types from './graphql';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  fragment UserFields on User {\n    id\n    username\n    displayName\n    online\n    lastSeenAt\n    status\n    statusText\n  }\n": typeof types.UserFieldsFragmentDoc,
    "\n  fragment MessageFields on Message {\n    id\n    clientId\n    kind\n    body\n    format\n    createdAt\n    editedAt\n    deletedAt\n    receipt {\n      delivered\n      read\n      recipients\n    }\n    conversation {\n      id\n    }\n    sender {\n      id\n      username\n      displayName\n    }\n    entities {\n      kind\n      offset\n      length\n      url\n      user {\n        id\n        username\n      }\n    }\n    attachment {\n      url\n      name\n      mimeType\n      size\n      width\n      height\n    }\n    replyTo {\n      id\n      body\n      deletedAt\n      sender {\n        id\n        displayName\n      }\n    }\n    forwardedFrom {\n      id\n      sender {\n        id\n        displayName\n      }\n    }\n  }\n": typeof types.MessageFieldsFragmentDoc,
    "\n  fragment ConversationFields on Conversation {\n    id\n    kind\n    title\n    isPrivate\n    maxMembers\n    memberCount\n    lastActivityAt\n    unreadCount\n    description\n    mutedUntil\n    owner {\n      id\n    }\n    members(first: 2) {\n      edges {\n        node {\n          id\n          username\n          displayName\n          online\n          lastSeenAt\n          status\n          statusText\n        }\n      }\n    }\n    lastMessage {\n      id\n      body\n      deletedAt\n      sender {\n        id\n        displayName\n      }\n    }\n  }\n": typeof types.ConversationFieldsFragmentDoc,
    "\n  mutation SignUp($username: String!, $password: String!, $displayName: String) {\n    signUp(username: $username, password: $password, displayName: $displayName) {\n      token\n      user {\n        ...UserFields\n      }\n    }\n  }\n": typeof types.SignUpDocument,
    "\n  mutation LogIn($username: String!, $password: String!) {\n    logIn(username: $username, password: $password) {\n      token\n      user {\n        ...UserFields\n      }\n    }\n  }\n": typeof types.LogInDocument,
    "\n  query Me {\n    me {\n      ...UserFields\n    }\n  }\n": typeof types.MeDocument,
    "\n  query Conversations {\n    conversations(first: 100) {\n      edges {\n        node {\n          ...ConversationFields\n        }\n      }\n    }\n  }\n": typeof types.ConversationsDocument,
    "\n  query ConversationById($id: ID!) {\n    conversation(id: $id) {\n      ...ConversationFields\n    }\n  }\n": typeof types.ConversationByIdDocument,
    "\n  query People($presence: PresenceFilter) {\n    users(first: 100, presence: $presence) {\n      edges {\n        node {\n          ...UserFields\n        }\n      }\n    }\n  }\n": typeof types.PeopleDocument,
    "\n  query History($conversationId: ID!, $before: String) {\n    messages(conversationId: $conversationId, last: 30, before: $before) {\n      edges {\n        node {\n          ...MessageFields\n        }\n      }\n      pageInfo {\n        hasPreviousPage\n        startCursor\n      }\n    }\n  }\n": typeof types.HistoryDocument,
    "\n  query Rooms($query: String) {\n    rooms(first: 50, query: $query) {\n      edges {\n        node {\n          id\n          title\n          isPrivate\n          memberCount\n          maxMembers\n        }\n      }\n    }\n  }\n": typeof types.RoomsDocument,
    "\n  mutation Send($input: SendInput!) {\n    send(input: $input) {\n      ...MessageFields\n    }\n  }\n": typeof types.SendDocument,
    "\n  mutation UploadAttachment($file: File!) {\n    uploadAttachment(file: $file) {\n      id\n      name\n      mimeType\n      size\n      width\n      height\n    }\n  }\n": typeof types.UploadAttachmentDocument,
    "\n  mutation EditMessage($id: ID!, $body: String!) {\n    editMessage(id: $id, body: $body) {\n      ...MessageFields\n    }\n  }\n": typeof types.EditMessageDocument,
    "\n  mutation DeleteMessage($id: ID!) {\n    deleteMessage(id: $id) {\n      ...MessageFields\n    }\n  }\n": typeof types.DeleteMessageDocument,
    "\n  mutation MarkRead($conversationId: ID!, $upTo: ID) {\n    markRead(conversationId: $conversationId, upTo: $upTo) {\n      id\n      unreadCount\n    }\n  }\n": typeof types.MarkReadDocument,
    "\n  mutation CreateRoom($title: String!, $isPrivate: Boolean, $maxMembers: Int) {\n    createRoom(title: $title, isPrivate: $isPrivate, maxMembers: $maxMembers) {\n      ...ConversationFields\n    }\n  }\n": typeof types.CreateRoomDocument,
    "\n  mutation JoinRoom($roomId: ID!) {\n    joinRoom(roomId: $roomId) {\n      ...ConversationFields\n    }\n  }\n": typeof types.JoinRoomDocument,
    "\n  mutation LeaveRoom($roomId: ID!) {\n    leaveRoom(roomId: $roomId)\n  }\n": typeof types.LeaveRoomDocument,
    "\n  mutation InviteToRoom($roomId: ID!, $userId: ID!) {\n    inviteToRoom(roomId: $roomId, userId: $userId) {\n      id\n      memberCount\n    }\n  }\n": typeof types.InviteToRoomDocument,
    "\n  subscription Presence {\n    presence {\n      online\n      at\n      user {\n        ...UserFields\n      }\n    }\n  }\n": typeof types.PresenceDocument,
    "\n  subscription Inbox($after: String) {\n    inbox(after: $after) {\n      __typename\n      cursor\n      at\n      ... on MessageEvent {\n        message {\n          ...MessageFields\n        }\n      }\n      ... on MessageEditedEvent {\n        message {\n          ...MessageFields\n        }\n      }\n      ... on MessageDeletedEvent {\n        message {\n          ...MessageFields\n        }\n      }\n      ... on ReadEvent {\n        conversation {\n          id\n          unreadCount\n        }\n        reader {\n          id\n        }\n        upTo {\n          id\n          createdAt\n        }\n      }\n      ... on DeliveredEvent {\n        conversation {\n          id\n        }\n        recipient {\n          id\n        }\n        upTo {\n          id\n          createdAt\n        }\n      }\n      ... on RoomDeletedEvent {\n        roomId\n        title\n      }\n      ... on MembershipEvent {\n        joined\n        conversation {\n          id\n        }\n        user {\n          id\n        }\n      }\n      ... on BroadcastEvent {\n        body\n        from {\n          id\n          displayName\n        }\n      }\n    }\n  }\n": typeof types.InboxDocument,
    "\n  subscription Typing {\n    typing {\n      typing\n      at\n      conversation {\n        id\n      }\n      user {\n        id\n        displayName\n      }\n    }\n  }\n": typeof types.TypingDocument,
    "\n  mutation SetTyping($conversationId: ID!, $typing: Boolean) {\n    setTyping(conversationId: $conversationId, typing: $typing)\n  }\n": typeof types.SetTypingDocument,
    "\n  mutation SetStatus($status: UserStatus!, $text: String) {\n    setStatus(status: $status, text: $text) {\n      ...UserFields\n    }\n  }\n": typeof types.SetStatusDocument,
    "\n  mutation MuteConversation($conversationId: ID!, $until: DateTime) {\n    muteConversation(conversationId: $conversationId, until: $until) {\n      id\n      mutedUntil\n    }\n  }\n": typeof types.MuteConversationDocument,
    "\n  query SearchMessages($query: String!, $conversationId: ID) {\n    searchMessages(query: $query, conversationId: $conversationId, first: 30) {\n      edges {\n        highlights {\n          offset\n          length\n        }\n        node {\n          ...MessageFields\n        }\n      }\n    }\n  }\n": typeof types.SearchMessagesDocument,
    "\n  mutation UpdateRoom(\n    $roomId: ID!\n    $title: String\n    $description: String\n    $isPrivate: Boolean\n    $maxMembers: Int\n  ) {\n    updateRoom(\n      roomId: $roomId\n      title: $title\n      description: $description\n      isPrivate: $isPrivate\n      maxMembers: $maxMembers\n    ) {\n      ...ConversationFields\n    }\n  }\n": typeof types.UpdateRoomDocument,
    "\n  mutation DeleteRoom($roomId: ID!) {\n    deleteRoom(roomId: $roomId)\n  }\n": typeof types.DeleteRoomDocument,
    "\n  mutation LogOut {\n    logOut\n  }\n": typeof types.LogOutDocument,
};
const documents: Documents = {
    "\n  fragment UserFields on User {\n    id\n    username\n    displayName\n    online\n    lastSeenAt\n    status\n    statusText\n  }\n": types.UserFieldsFragmentDoc,
    "\n  fragment MessageFields on Message {\n    id\n    clientId\n    kind\n    body\n    format\n    createdAt\n    editedAt\n    deletedAt\n    receipt {\n      delivered\n      read\n      recipients\n    }\n    conversation {\n      id\n    }\n    sender {\n      id\n      username\n      displayName\n    }\n    entities {\n      kind\n      offset\n      length\n      url\n      user {\n        id\n        username\n      }\n    }\n    attachment {\n      url\n      name\n      mimeType\n      size\n      width\n      height\n    }\n    replyTo {\n      id\n      body\n      deletedAt\n      sender {\n        id\n        displayName\n      }\n    }\n    forwardedFrom {\n      id\n      sender {\n        id\n        displayName\n      }\n    }\n  }\n": types.MessageFieldsFragmentDoc,
    "\n  fragment ConversationFields on Conversation {\n    id\n    kind\n    title\n    isPrivate\n    maxMembers\n    memberCount\n    lastActivityAt\n    unreadCount\n    description\n    mutedUntil\n    owner {\n      id\n    }\n    members(first: 2) {\n      edges {\n        node {\n          id\n          username\n          displayName\n          online\n          lastSeenAt\n          status\n          statusText\n        }\n      }\n    }\n    lastMessage {\n      id\n      body\n      deletedAt\n      sender {\n        id\n        displayName\n      }\n    }\n  }\n": types.ConversationFieldsFragmentDoc,
    "\n  mutation SignUp($username: String!, $password: String!, $displayName: String) {\n    signUp(username: $username, password: $password, displayName: $displayName) {\n      token\n      user {\n        ...UserFields\n      }\n    }\n  }\n": types.SignUpDocument,
    "\n  mutation LogIn($username: String!, $password: String!) {\n    logIn(username: $username, password: $password) {\n      token\n      user {\n        ...UserFields\n      }\n    }\n  }\n": types.LogInDocument,
    "\n  query Me {\n    me {\n      ...UserFields\n    }\n  }\n": types.MeDocument,
    "\n  query Conversations {\n    conversations(first: 100) {\n      edges {\n        node {\n          ...ConversationFields\n        }\n      }\n    }\n  }\n": types.ConversationsDocument,
    "\n  query ConversationById($id: ID!) {\n    conversation(id: $id) {\n      ...ConversationFields\n    }\n  }\n": types.ConversationByIdDocument,
    "\n  query People($presence: PresenceFilter) {\n    users(first: 100, presence: $presence) {\n      edges {\n        node {\n          ...UserFields\n        }\n      }\n    }\n  }\n": types.PeopleDocument,
    "\n  query History($conversationId: ID!, $before: String) {\n    messages(conversationId: $conversationId, last: 30, before: $before) {\n      edges {\n        node {\n          ...MessageFields\n        }\n      }\n      pageInfo {\n        hasPreviousPage\n        startCursor\n      }\n    }\n  }\n": types.HistoryDocument,
    "\n  query Rooms($query: String) {\n    rooms(first: 50, query: $query) {\n      edges {\n        node {\n          id\n          title\n          isPrivate\n          memberCount\n          maxMembers\n        }\n      }\n    }\n  }\n": types.RoomsDocument,
    "\n  mutation Send($input: SendInput!) {\n    send(input: $input) {\n      ...MessageFields\n    }\n  }\n": types.SendDocument,
    "\n  mutation UploadAttachment($file: File!) {\n    uploadAttachment(file: $file) {\n      id\n      name\n      mimeType\n      size\n      width\n      height\n    }\n  }\n": types.UploadAttachmentDocument,
    "\n  mutation EditMessage($id: ID!, $body: String!) {\n    editMessage(id: $id, body: $body) {\n      ...MessageFields\n    }\n  }\n": types.EditMessageDocument,
    "\n  mutation DeleteMessage($id: ID!) {\n    deleteMessage(id: $id) {\n      ...MessageFields\n    }\n  }\n": types.DeleteMessageDocument,
    "\n  mutation MarkRead($conversationId: ID!, $upTo: ID) {\n    markRead(conversationId: $conversationId, upTo: $upTo) {\n      id\n      unreadCount\n    }\n  }\n": types.MarkReadDocument,
    "\n  mutation CreateRoom($title: String!, $isPrivate: Boolean, $maxMembers: Int) {\n    createRoom(title: $title, isPrivate: $isPrivate, maxMembers: $maxMembers) {\n      ...ConversationFields\n    }\n  }\n": types.CreateRoomDocument,
    "\n  mutation JoinRoom($roomId: ID!) {\n    joinRoom(roomId: $roomId) {\n      ...ConversationFields\n    }\n  }\n": types.JoinRoomDocument,
    "\n  mutation LeaveRoom($roomId: ID!) {\n    leaveRoom(roomId: $roomId)\n  }\n": types.LeaveRoomDocument,
    "\n  mutation InviteToRoom($roomId: ID!, $userId: ID!) {\n    inviteToRoom(roomId: $roomId, userId: $userId) {\n      id\n      memberCount\n    }\n  }\n": types.InviteToRoomDocument,
    "\n  subscription Presence {\n    presence {\n      online\n      at\n      user {\n        ...UserFields\n      }\n    }\n  }\n": types.PresenceDocument,
    "\n  subscription Inbox($after: String) {\n    inbox(after: $after) {\n      __typename\n      cursor\n      at\n      ... on MessageEvent {\n        message {\n          ...MessageFields\n        }\n      }\n      ... on MessageEditedEvent {\n        message {\n          ...MessageFields\n        }\n      }\n      ... on MessageDeletedEvent {\n        message {\n          ...MessageFields\n        }\n      }\n      ... on ReadEvent {\n        conversation {\n          id\n          unreadCount\n        }\n        reader {\n          id\n        }\n        upTo {\n          id\n          createdAt\n        }\n      }\n      ... on DeliveredEvent {\n        conversation {\n          id\n        }\n        recipient {\n          id\n        }\n        upTo {\n          id\n          createdAt\n        }\n      }\n      ... on RoomDeletedEvent {\n        roomId\n        title\n      }\n      ... on MembershipEvent {\n        joined\n        conversation {\n          id\n        }\n        user {\n          id\n        }\n      }\n      ... on BroadcastEvent {\n        body\n        from {\n          id\n          displayName\n        }\n      }\n    }\n  }\n": types.InboxDocument,
    "\n  subscription Typing {\n    typing {\n      typing\n      at\n      conversation {\n        id\n      }\n      user {\n        id\n        displayName\n      }\n    }\n  }\n": types.TypingDocument,
    "\n  mutation SetTyping($conversationId: ID!, $typing: Boolean) {\n    setTyping(conversationId: $conversationId, typing: $typing)\n  }\n": types.SetTypingDocument,
    "\n  mutation SetStatus($status: UserStatus!, $text: String) {\n    setStatus(status: $status, text: $text) {\n      ...UserFields\n    }\n  }\n": types.SetStatusDocument,
    "\n  mutation MuteConversation($conversationId: ID!, $until: DateTime) {\n    muteConversation(conversationId: $conversationId, until: $until) {\n      id\n      mutedUntil\n    }\n  }\n": types.MuteConversationDocument,
    "\n  query SearchMessages($query: String!, $conversationId: ID) {\n    searchMessages(query: $query, conversationId: $conversationId, first: 30) {\n      edges {\n        highlights {\n          offset\n          length\n        }\n        node {\n          ...MessageFields\n        }\n      }\n    }\n  }\n": types.SearchMessagesDocument,
    "\n  mutation UpdateRoom(\n    $roomId: ID!\n    $title: String\n    $description: String\n    $isPrivate: Boolean\n    $maxMembers: Int\n  ) {\n    updateRoom(\n      roomId: $roomId\n      title: $title\n      description: $description\n      isPrivate: $isPrivate\n      maxMembers: $maxMembers\n    ) {\n      ...ConversationFields\n    }\n  }\n": types.UpdateRoomDocument,
    "\n  mutation DeleteRoom($roomId: ID!) {\n    deleteRoom(roomId: $roomId)\n  }\n": types.DeleteRoomDocument,
    "\n  mutation LogOut {\n    logOut\n  }\n": types.LogOutDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment UserFields on User {\n    id\n    username\n    displayName\n    online\n    lastSeenAt\n    status\n    statusText\n  }\n"): (typeof documents)["\n  fragment UserFields on User {\n    id\n    username\n    displayName\n    online\n    lastSeenAt\n    status\n    statusText\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment MessageFields on Message {\n    id\n    clientId\n    kind\n    body\n    format\n    createdAt\n    editedAt\n    deletedAt\n    receipt {\n      delivered\n      read\n      recipients\n    }\n    conversation {\n      id\n    }\n    sender {\n      id\n      username\n      displayName\n    }\n    entities {\n      kind\n      offset\n      length\n      url\n      user {\n        id\n        username\n      }\n    }\n    attachment {\n      url\n      name\n      mimeType\n      size\n      width\n      height\n    }\n    replyTo {\n      id\n      body\n      deletedAt\n      sender {\n        id\n        displayName\n      }\n    }\n    forwardedFrom {\n      id\n      sender {\n        id\n        displayName\n      }\n    }\n  }\n"): (typeof documents)["\n  fragment MessageFields on Message {\n    id\n    clientId\n    kind\n    body\n    format\n    createdAt\n    editedAt\n    deletedAt\n    receipt {\n      delivered\n      read\n      recipients\n    }\n    conversation {\n      id\n    }\n    sender {\n      id\n      username\n      displayName\n    }\n    entities {\n      kind\n      offset\n      length\n      url\n      user {\n        id\n        username\n      }\n    }\n    attachment {\n      url\n      name\n      mimeType\n      size\n      width\n      height\n    }\n    replyTo {\n      id\n      body\n      deletedAt\n      sender {\n        id\n        displayName\n      }\n    }\n    forwardedFrom {\n      id\n      sender {\n        id\n        displayName\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ConversationFields on Conversation {\n    id\n    kind\n    title\n    isPrivate\n    maxMembers\n    memberCount\n    lastActivityAt\n    unreadCount\n    description\n    mutedUntil\n    owner {\n      id\n    }\n    members(first: 2) {\n      edges {\n        node {\n          id\n          username\n          displayName\n          online\n          lastSeenAt\n          status\n          statusText\n        }\n      }\n    }\n    lastMessage {\n      id\n      body\n      deletedAt\n      sender {\n        id\n        displayName\n      }\n    }\n  }\n"): (typeof documents)["\n  fragment ConversationFields on Conversation {\n    id\n    kind\n    title\n    isPrivate\n    maxMembers\n    memberCount\n    lastActivityAt\n    unreadCount\n    description\n    mutedUntil\n    owner {\n      id\n    }\n    members(first: 2) {\n      edges {\n        node {\n          id\n          username\n          displayName\n          online\n          lastSeenAt\n          status\n          statusText\n        }\n      }\n    }\n    lastMessage {\n      id\n      body\n      deletedAt\n      sender {\n        id\n        displayName\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SignUp($username: String!, $password: String!, $displayName: String) {\n    signUp(username: $username, password: $password, displayName: $displayName) {\n      token\n      user {\n        ...UserFields\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation SignUp($username: String!, $password: String!, $displayName: String) {\n    signUp(username: $username, password: $password, displayName: $displayName) {\n      token\n      user {\n        ...UserFields\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation LogIn($username: String!, $password: String!) {\n    logIn(username: $username, password: $password) {\n      token\n      user {\n        ...UserFields\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation LogIn($username: String!, $password: String!) {\n    logIn(username: $username, password: $password) {\n      token\n      user {\n        ...UserFields\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Me {\n    me {\n      ...UserFields\n    }\n  }\n"): (typeof documents)["\n  query Me {\n    me {\n      ...UserFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Conversations {\n    conversations(first: 100) {\n      edges {\n        node {\n          ...ConversationFields\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query Conversations {\n    conversations(first: 100) {\n      edges {\n        node {\n          ...ConversationFields\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ConversationById($id: ID!) {\n    conversation(id: $id) {\n      ...ConversationFields\n    }\n  }\n"): (typeof documents)["\n  query ConversationById($id: ID!) {\n    conversation(id: $id) {\n      ...ConversationFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query People($presence: PresenceFilter) {\n    users(first: 100, presence: $presence) {\n      edges {\n        node {\n          ...UserFields\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query People($presence: PresenceFilter) {\n    users(first: 100, presence: $presence) {\n      edges {\n        node {\n          ...UserFields\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query History($conversationId: ID!, $before: String) {\n    messages(conversationId: $conversationId, last: 30, before: $before) {\n      edges {\n        node {\n          ...MessageFields\n        }\n      }\n      pageInfo {\n        hasPreviousPage\n        startCursor\n      }\n    }\n  }\n"): (typeof documents)["\n  query History($conversationId: ID!, $before: String) {\n    messages(conversationId: $conversationId, last: 30, before: $before) {\n      edges {\n        node {\n          ...MessageFields\n        }\n      }\n      pageInfo {\n        hasPreviousPage\n        startCursor\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Rooms($query: String) {\n    rooms(first: 50, query: $query) {\n      edges {\n        node {\n          id\n          title\n          isPrivate\n          memberCount\n          maxMembers\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query Rooms($query: String) {\n    rooms(first: 50, query: $query) {\n      edges {\n        node {\n          id\n          title\n          isPrivate\n          memberCount\n          maxMembers\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Send($input: SendInput!) {\n    send(input: $input) {\n      ...MessageFields\n    }\n  }\n"): (typeof documents)["\n  mutation Send($input: SendInput!) {\n    send(input: $input) {\n      ...MessageFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UploadAttachment($file: File!) {\n    uploadAttachment(file: $file) {\n      id\n      name\n      mimeType\n      size\n      width\n      height\n    }\n  }\n"): (typeof documents)["\n  mutation UploadAttachment($file: File!) {\n    uploadAttachment(file: $file) {\n      id\n      name\n      mimeType\n      size\n      width\n      height\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation EditMessage($id: ID!, $body: String!) {\n    editMessage(id: $id, body: $body) {\n      ...MessageFields\n    }\n  }\n"): (typeof documents)["\n  mutation EditMessage($id: ID!, $body: String!) {\n    editMessage(id: $id, body: $body) {\n      ...MessageFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeleteMessage($id: ID!) {\n    deleteMessage(id: $id) {\n      ...MessageFields\n    }\n  }\n"): (typeof documents)["\n  mutation DeleteMessage($id: ID!) {\n    deleteMessage(id: $id) {\n      ...MessageFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation MarkRead($conversationId: ID!, $upTo: ID) {\n    markRead(conversationId: $conversationId, upTo: $upTo) {\n      id\n      unreadCount\n    }\n  }\n"): (typeof documents)["\n  mutation MarkRead($conversationId: ID!, $upTo: ID) {\n    markRead(conversationId: $conversationId, upTo: $upTo) {\n      id\n      unreadCount\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateRoom($title: String!, $isPrivate: Boolean, $maxMembers: Int) {\n    createRoom(title: $title, isPrivate: $isPrivate, maxMembers: $maxMembers) {\n      ...ConversationFields\n    }\n  }\n"): (typeof documents)["\n  mutation CreateRoom($title: String!, $isPrivate: Boolean, $maxMembers: Int) {\n    createRoom(title: $title, isPrivate: $isPrivate, maxMembers: $maxMembers) {\n      ...ConversationFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation JoinRoom($roomId: ID!) {\n    joinRoom(roomId: $roomId) {\n      ...ConversationFields\n    }\n  }\n"): (typeof documents)["\n  mutation JoinRoom($roomId: ID!) {\n    joinRoom(roomId: $roomId) {\n      ...ConversationFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation LeaveRoom($roomId: ID!) {\n    leaveRoom(roomId: $roomId)\n  }\n"): (typeof documents)["\n  mutation LeaveRoom($roomId: ID!) {\n    leaveRoom(roomId: $roomId)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation InviteToRoom($roomId: ID!, $userId: ID!) {\n    inviteToRoom(roomId: $roomId, userId: $userId) {\n      id\n      memberCount\n    }\n  }\n"): (typeof documents)["\n  mutation InviteToRoom($roomId: ID!, $userId: ID!) {\n    inviteToRoom(roomId: $roomId, userId: $userId) {\n      id\n      memberCount\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription Presence {\n    presence {\n      online\n      at\n      user {\n        ...UserFields\n      }\n    }\n  }\n"): (typeof documents)["\n  subscription Presence {\n    presence {\n      online\n      at\n      user {\n        ...UserFields\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription Inbox($after: String) {\n    inbox(after: $after) {\n      __typename\n      cursor\n      at\n      ... on MessageEvent {\n        message {\n          ...MessageFields\n        }\n      }\n      ... on MessageEditedEvent {\n        message {\n          ...MessageFields\n        }\n      }\n      ... on MessageDeletedEvent {\n        message {\n          ...MessageFields\n        }\n      }\n      ... on ReadEvent {\n        conversation {\n          id\n          unreadCount\n        }\n        reader {\n          id\n        }\n        upTo {\n          id\n          createdAt\n        }\n      }\n      ... on DeliveredEvent {\n        conversation {\n          id\n        }\n        recipient {\n          id\n        }\n        upTo {\n          id\n          createdAt\n        }\n      }\n      ... on RoomDeletedEvent {\n        roomId\n        title\n      }\n      ... on MembershipEvent {\n        joined\n        conversation {\n          id\n        }\n        user {\n          id\n        }\n      }\n      ... on BroadcastEvent {\n        body\n        from {\n          id\n          displayName\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  subscription Inbox($after: String) {\n    inbox(after: $after) {\n      __typename\n      cursor\n      at\n      ... on MessageEvent {\n        message {\n          ...MessageFields\n        }\n      }\n      ... on MessageEditedEvent {\n        message {\n          ...MessageFields\n        }\n      }\n      ... on MessageDeletedEvent {\n        message {\n          ...MessageFields\n        }\n      }\n      ... on ReadEvent {\n        conversation {\n          id\n          unreadCount\n        }\n        reader {\n          id\n        }\n        upTo {\n          id\n          createdAt\n        }\n      }\n      ... on DeliveredEvent {\n        conversation {\n          id\n        }\n        recipient {\n          id\n        }\n        upTo {\n          id\n          createdAt\n        }\n      }\n      ... on RoomDeletedEvent {\n        roomId\n        title\n      }\n      ... on MembershipEvent {\n        joined\n        conversation {\n          id\n        }\n        user {\n          id\n        }\n      }\n      ... on BroadcastEvent {\n        body\n        from {\n          id\n          displayName\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription Typing {\n    typing {\n      typing\n      at\n      conversation {\n        id\n      }\n      user {\n        id\n        displayName\n      }\n    }\n  }\n"): (typeof documents)["\n  subscription Typing {\n    typing {\n      typing\n      at\n      conversation {\n        id\n      }\n      user {\n        id\n        displayName\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SetTyping($conversationId: ID!, $typing: Boolean) {\n    setTyping(conversationId: $conversationId, typing: $typing)\n  }\n"): (typeof documents)["\n  mutation SetTyping($conversationId: ID!, $typing: Boolean) {\n    setTyping(conversationId: $conversationId, typing: $typing)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SetStatus($status: UserStatus!, $text: String) {\n    setStatus(status: $status, text: $text) {\n      ...UserFields\n    }\n  }\n"): (typeof documents)["\n  mutation SetStatus($status: UserStatus!, $text: String) {\n    setStatus(status: $status, text: $text) {\n      ...UserFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation MuteConversation($conversationId: ID!, $until: DateTime) {\n    muteConversation(conversationId: $conversationId, until: $until) {\n      id\n      mutedUntil\n    }\n  }\n"): (typeof documents)["\n  mutation MuteConversation($conversationId: ID!, $until: DateTime) {\n    muteConversation(conversationId: $conversationId, until: $until) {\n      id\n      mutedUntil\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SearchMessages($query: String!, $conversationId: ID) {\n    searchMessages(query: $query, conversationId: $conversationId, first: 30) {\n      edges {\n        highlights {\n          offset\n          length\n        }\n        node {\n          ...MessageFields\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query SearchMessages($query: String!, $conversationId: ID) {\n    searchMessages(query: $query, conversationId: $conversationId, first: 30) {\n      edges {\n        highlights {\n          offset\n          length\n        }\n        node {\n          ...MessageFields\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateRoom(\n    $roomId: ID!\n    $title: String\n    $description: String\n    $isPrivate: Boolean\n    $maxMembers: Int\n  ) {\n    updateRoom(\n      roomId: $roomId\n      title: $title\n      description: $description\n      isPrivate: $isPrivate\n      maxMembers: $maxMembers\n    ) {\n      ...ConversationFields\n    }\n  }\n"): (typeof documents)["\n  mutation UpdateRoom(\n    $roomId: ID!\n    $title: String\n    $description: String\n    $isPrivate: Boolean\n    $maxMembers: Int\n  ) {\n    updateRoom(\n      roomId: $roomId\n      title: $title\n      description: $description\n      isPrivate: $isPrivate\n      maxMembers: $maxMembers\n    ) {\n      ...ConversationFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeleteRoom($roomId: ID!) {\n    deleteRoom(roomId: $roomId)\n  }\n"): (typeof documents)["\n  mutation DeleteRoom($roomId: ID!) {\n    deleteRoom(roomId: $roomId)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation LogOut {\n    logOut\n  }\n"): (typeof documents)["\n  mutation LogOut {\n    logOut\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;
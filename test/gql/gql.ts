/* eslint-disable */
import * as types from './graphql.js';
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
    "\n  mutation TypedSignUp($username: String!, $password: String!) {\n    signUp(username: $username, password: $password) { token user { id } }\n  }\n": typeof types.TypedSignUpDocument,
    "\n  mutation TypedLogIn($username: String!, $password: String!) {\n    logIn(username: $username, password: $password) { token user { id } }\n  }\n": typeof types.TypedLogInDocument,
    "\n  mutation TypedSend($input: SendInput!) { send(input: $input) { id } }\n": typeof types.TypedSendDocument,
    "\n  query TypedMe { me { username } }\n": typeof types.TypedMeDocument,
    "\n  subscription TypedInbox($after: String) {\n    inbox(after: $after) {\n      __typename\n      cursor\n      ... on MessageEvent { message { id body sender { username } } }\n    }\n  }\n": typeof types.TypedInboxDocument,
    "\n  query FilteredHistory($conversationId: ID!) {\n    messages(conversationId: $conversationId, last: 5) { edges { node { body } } }\n  }\n": typeof types.FilteredHistoryDocument,
    "\n  mutation SendFormatted($input: SendInput!) {\n    send(input: $input) {\n      id body format\n      entities { kind offset length url user { username } }\n    }\n  }\n": typeof types.SendFormattedDocument,
    "\n  query FormattedHistory($conversationId: ID!) {\n    messages(conversationId: $conversationId, last: 10) {\n      edges { node { id body format entities { kind offset length url user { username } } } }\n    }\n  }\n": typeof types.FormattedHistoryDocument,
    "\n  mutation Forward($input: SendInput!) {\n    send(input: $input) {\n      id body kind attachment { url name }\n      conversation { id }\n      forwardedFrom { id body deletedAt }\n    }\n  }\n": typeof types.ForwardDocument,
    "\n  query ForwardedFrom($id: ID!) {\n    message(id: $id) { id body forwardedFrom { id body deletedAt } }\n  }\n": typeof types.ForwardedFromDocument,
    "\n  subscription ForwardInbox {\n    inbox {\n      __typename\n      ... on MessageEvent { message { id body forwardedFrom { id body } } }\n    }\n  }\n": typeof types.ForwardInboxDocument,
    "\n  query RecallReadPaths($messageId: ID!, $replyId: ID!, $conversationId: ID!, $query: String!) {\n    message(id: $messageId) { ...MessageState }\n    node(id: $messageId) { ... on Message { ...MessageState } }\n    reply: message(id: $replyId) { replyTo { ...MessageState } }\n    conversation(id: $conversationId) { lastMessage { ...MessageState } }\n    searchMessages(query: $query) { edges { node { id } } }\n  }\n": typeof types.RecallReadPathsDocument,
    "\n  subscription SharedWithNotify($after: String) {\n    inbox(after: $after) {\n      __typename cursor at\n      ... on MessageEvent { notify message { __typename id body sender { id username } conversation { id kind } } }\n    }\n  }\n": typeof types.SharedWithNotifyDocument,
    "\n  subscription PerViewerWithNotify($after: String) {\n    inbox(after: $after) {\n      __typename cursor\n      ... on MessageEvent { notify message { body conversation { id unreadCount mutedUntil } } }\n    }\n  }\n": typeof types.PerViewerWithNotifyDocument,
    "\n  query ReceiptOf($id: ID!) {\n    message(id: $id) {\n      id\n      receipt { recipients delivered read }\n      readBy(first: 20) { edges { node { username } } }\n    }\n  }\n": typeof types.ReceiptOfDocument,
    "\n  query ReceiptsHistory($conversationId: ID!) {\n    messages(conversationId: $conversationId, last: 50) {\n      edges { node { body receipt { recipients delivered read } } }\n    }\n  }\n": typeof types.ReceiptsHistoryDocument,
    "\n  subscription ReceiptsInbox($after: String) {\n    inbox(after: $after) {\n      __typename\n      cursor\n      ... on MessageEvent { message { id body receipt { recipients delivered read } } }\n      ... on DeliveredEvent {\n        conversation { id kind }\n        recipient { username }\n        upTo { id body }\n      }\n    }\n  }\n": typeof types.ReceiptsInboxDocument,
    "\n  query SearchFiltered(\n    $query: String!\n    $conversationId: ID\n    $from: ID\n    $since: DateTime\n    $until: DateTime\n    $first: Int\n  ) {\n    searchMessages(\n      query: $query\n      conversationId: $conversationId\n      from: $from\n      since: $since\n      until: $until\n      first: $first\n    ) {\n      edges { node { id body createdAt } highlights { offset length } }\n    }\n  }\n": typeof types.SearchFilteredDocument,
    "\n  query HistoryHighlights($id: ID!) {\n    conversation(id: $id) { messages(last: 5) { edges { highlights { offset } } } }\n  }\n": typeof types.HistoryHighlightsDocument,
    "\n  mutation SendToMany($input: SendToManyInput!) {\n    sendToMany(input: $input) {\n      id body format\n      sender { username }\n      conversation { id kind }\n      entities { kind user { username } }\n    }\n  }\n": typeof types.SendToManyDocument,
    "\n  mutation LogOut { logOut }\n": typeof types.LogOutDocument,
    "\n  mutation LogOutEverywhere { logOutEverywhere }\n": typeof types.LogOutEverywhereDocument,
    "\n  mutation ChangePassword($current: String!, $new: String!) {\n    changePassword(current: $current, new: $new) { token user { id username } }\n  }\n": typeof types.ChangePasswordDocument,
    "\n  mutation ForceLogOut($userId: ID!) { forceLogOut(userId: $userId) }\n": typeof types.ForceLogOutDocument,
    "\n  mutation SuspendUser($userId: ID!, $until: DateTime) {\n    suspendUser(userId: $userId, until: $until) { id suspendedUntil }\n  }\n": typeof types.SuspendUserDocument,
    "\n  mutation UpdateProfile($displayName: String!) {\n    updateProfile(displayName: $displayName) { id displayName }\n  }\n": typeof types.UpdateProfileDocument,
    "\n  mutation UpdateRoom(\n    $roomId: ID!, $title: String, $description: String, $isPrivate: Boolean, $maxMembers: Int\n  ) {\n    updateRoom(roomId: $roomId, title: $title, description: $description,\n               isPrivate: $isPrivate, maxMembers: $maxMembers) {\n      id title description isPrivate maxMembers memberCount owner { username }\n    }\n  }\n": typeof types.UpdateRoomDocument,
    "\n  mutation TransferRoom($roomId: ID!, $userId: ID!) {\n    transferRoom(roomId: $roomId, userId: $userId) { id owner { username } }\n  }\n": typeof types.TransferRoomDocument,
    "\n  mutation DeleteRoom($roomId: ID!) { deleteRoom(roomId: $roomId) }\n": typeof types.DeleteRoomDocument,
    "\n  mutation SendCommand($command: String!, $payload: JSON, $toUserIds: [ID!]) {\n    sendCommand(command: $command, payload: $payload, toUserIds: $toUserIds) { recipients }\n  }\n": typeof types.SendCommandDocument,
    "\n  query Stats($since: DateTime, $until: DateTime) {\n    stats(since: $since, until: $until) {\n      users onlineNow rooms messages\n      days { day messages activeUsers newUsers }\n    }\n  }\n": typeof types.StatsDocument,
    "\n  subscription AdminInbox($after: String) {\n    inbox(after: $after) {\n      __typename\n      cursor\n      ... on MessageEvent { message { id body deletedAt sender { displayName } conversation { id title } } }\n      ... on RoomDeletedEvent { roomId title }\n      ... on SystemCommandEvent { command payload }\n    }\n  }\n": typeof types.AdminInboxDocument,
    "\n  query HistoryWithNames($conversationId: ID!) {\n    messages(conversationId: $conversationId, last: 20) {\n      edges { node { body sender { displayName } } }\n    }\n  }\n": typeof types.HistoryWithNamesDocument,
    "\n  mutation LogInAgain($username: String!, $password: String!) {\n    logIn(username: $username, password: $password) { token }\n  }\n": typeof types.LogInAgainDocument,
    "\n  mutation EditMessage($id: ID!, $body: String!) {\n    editMessage(id: $id, body: $body) {\n      id body editedAt createdAt deletedAt\n      edits { body editedAt }\n    }\n  }\n": typeof types.EditMessageDocument,
    "\n  mutation DeleteMessage($id: ID!) {\n    deleteMessage(id: $id) { id body deletedAt attachment { url } edits { body } }\n  }\n": typeof types.DeleteMessageDocument,
    "\n  fragment MessageState on Message {\n    id body editedAt deletedAt attachment { url } edits { body editedAt }\n  }\n": typeof types.MessageStateFragmentDoc,
    "\n  query ChangesHistory($conversationId: ID!) {\n    messages(conversationId: $conversationId, last: 100) {\n      edges { node { ...MessageState } }\n    }\n  }\n": typeof types.ChangesHistoryDocument,
    "\n  subscription ChangesInbox($after: String) {\n    inbox(after: $after) {\n      __typename\n      cursor\n      ... on MessageEvent { message { ...MessageState } }\n      ... on MessageEditedEvent { message { ...MessageState } }\n      ... on MessageDeletedEvent { message { ...MessageState } }\n    }\n  }\n": typeof types.ChangesInboxDocument,
    "\n  mutation SignUp($username: String!, $password: String!, $displayName: String) {\n    signUp(username: $username, password: $password, displayName: $displayName) {\n      token\n      user { id username displayName role }\n    }\n  }\n": typeof types.SignUpDocument,
    "\n  mutation LogIn($username: String!, $password: String!) {\n    logIn(username: $username, password: $password) { token user { id username } }\n  }\n": typeof types.LogInDocument,
    "\n  query Me { me { id username displayName role online lastSeenAt } }\n": typeof types.MeDocument,
    "\n  query UserById($id: ID!) { user(id: $id) { id username online lastSeenAt } }\n": typeof types.UserByIdDocument,
    "\n  query Users($presence: PresenceFilter, $first: Int, $after: String, $last: Int, $before: String) {\n    users(presence: $presence, first: $first, after: $after, last: $last, before: $before) {\n      edges { cursor node { id username online } }\n      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }\n    }\n  }\n": typeof types.UsersDocument,
    "\n  mutation Send($input: SendInput!) {\n    send(input: $input) {\n      id body kind clientId createdAt\n      sender { id username }\n      conversation { id kind memberCount }\n      attachment { url name mimeType size }\n      replyTo { id body }\n    }\n  }\n": typeof types.SendDocument,
    "\n  query Messages(\n    $conversationId: ID!, $first: Int, $after: String, $last: Int, $before: String,\n    $since: DateTime, $until: DateTime\n  ) {\n    messages(conversationId: $conversationId, first: $first, after: $after, last: $last,\n             before: $before, since: $since, until: $until) {\n      edges { cursor node { id body createdAt sender { username } } }\n      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }\n    }\n  }\n": typeof types.MessagesDocument,
    "\n  query MessageById($id: ID!) { message(id: $id) { id body conversation { id } } }\n": typeof types.MessageByIdDocument,
    "\n  query NodeById($id: ID!) {\n    node(id: $id) {\n      id\n      __typename\n      ... on User { username }\n      ... on Conversation { kind title }\n      ... on Message { body }\n    }\n  }\n": typeof types.NodeByIdDocument,
    "\n  query Conversations($first: Int, $after: String, $last: Int, $before: String) {\n    conversations(first: $first, after: $after, last: $last, before: $before) {\n      edges {\n        cursor\n        node {\n          id kind title memberCount unreadCount lastActivityAt\n          lastMessage { id body }\n          members(first: 10) { edges { node { username } } }\n        }\n      }\n      pageInfo { hasNextPage hasPreviousPage endCursor }\n    }\n  }\n": typeof types.ConversationsDocument,
    "\n  query ConversationById($id: ID!) {\n    conversation(id: $id) {\n      id kind title isPrivate maxMembers memberCount unreadCount\n      owner { username }\n      lastMessage { body }\n      messages(last: 5) { edges { node { body } } }\n    }\n  }\n": typeof types.ConversationByIdDocument,
    "\n  mutation MarkRead($conversationId: ID!, $upTo: ID) {\n    markRead(conversationId: $conversationId, upTo: $upTo) { id unreadCount }\n  }\n": typeof types.MarkReadDocument,
    "\n  query UnreadCounts {\n    unreadCounts { total conversations { count conversation { id } } }\n  }\n": typeof types.UnreadCountsDocument,
    "\n  query Search($query: String!, $conversationId: ID, $first: Int, $after: String) {\n    searchMessages(query: $query, conversationId: $conversationId, first: $first, after: $after) {\n      edges { node { id body } }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n": typeof types.SearchDocument,
    "\n  mutation CreateRoom($title: String!, $isPrivate: Boolean, $maxMembers: Int) {\n    createRoom(title: $title, isPrivate: $isPrivate, maxMembers: $maxMembers) {\n      id title isPrivate maxMembers memberCount owner { username }\n    }\n  }\n": typeof types.CreateRoomDocument,
    "\n  mutation JoinRoom($roomId: ID!) { joinRoom(roomId: $roomId) { id memberCount } }\n": typeof types.JoinRoomDocument,
    "\n  mutation LeaveRoom($roomId: ID!) { leaveRoom(roomId: $roomId) }\n": typeof types.LeaveRoomDocument,
    "\n  mutation InviteToRoom($roomId: ID!, $userId: ID!) { inviteToRoom(roomId: $roomId, userId: $userId) { id memberCount } }\n": typeof types.InviteToRoomDocument,
    "\n  mutation RemoveFromRoom($roomId: ID!, $userId: ID!) { removeFromRoom(roomId: $roomId, userId: $userId) { id memberCount } }\n": typeof types.RemoveFromRoomDocument,
    "\n  mutation RenameRoom($roomId: ID!, $title: String!) { renameRoom(roomId: $roomId, title: $title) { id title } }\n": typeof types.RenameRoomDocument,
    "\n  query Rooms($query: String, $first: Int, $after: String) {\n    rooms(query: $query, first: $first, after: $after) {\n      edges { node { id title memberCount isPrivate } }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n": typeof types.RoomsDocument,
    "\n  mutation Broadcast($body: String!, $toUserIds: [ID!]) { broadcast(body: $body, toUserIds: $toUserIds) { recipients } }\n": typeof types.BroadcastDocument,
    "\n  subscription Inbox($after: String) {\n    inbox(after: $after) {\n      __typename\n      cursor\n      at\n      ... on MessageEvent { message { id body clientId sender { username } conversation { id } } }\n      ... on ReadEvent { conversation { id } reader { username } upTo { id } }\n      ... on MembershipEvent { conversation { id } user { username } joined }\n      ... on BroadcastEvent { body from { username } }\n    }\n  }\n": typeof types.InboxDocument,
    "\n  subscription PresenceChanges { presence { user { username } online at } }\n": typeof types.PresenceChangesDocument,
    "\n  query RoomDetails($id: ID!) {\n    conversation(id: $id) {\n      id kind title isPrivate maxMembers memberCount\n      owner { username }\n      members(first: 100) { edges { node { username } } }\n    }\n  }\n": typeof types.RoomDetailsDocument,
    "\n  query ConversationHistory(\n    $id: ID!, $first: Int, $after: String, $last: Int, $before: String,\n    $since: DateTime, $until: DateTime\n  ) {\n    conversation(id: $id) {\n      id\n      messages(first: $first, after: $after, last: $last, before: $before, since: $since, until: $until) {\n        edges { cursor node { id body createdAt } }\n        pageInfo { hasNextPage hasPreviousPage startCursor endCursor }\n      }\n    }\n  }\n": typeof types.ConversationHistoryDocument,
    "\n  query ConversationMembers($id: ID!, $first: Int, $after: String) {\n    conversation(id: $id) {\n      id memberCount\n      members(first: $first, after: $after) {\n        edges { cursor node { username } }\n        pageInfo { hasNextPage endCursor }\n      }\n    }\n  }\n": typeof types.ConversationMembersDocument,
    "\n  query UnreadState {\n    unreadCounts { total conversations { count conversation { id } } }\n    conversations(first: 100) { edges { node { id unreadCount } } }\n  }\n": typeof types.UnreadStateDocument,
    "\n  mutation SetTyping($conversationId: ID!, $typing: Boolean) {\n    setTyping(conversationId: $conversationId, typing: $typing)\n  }\n": typeof types.SetTypingDocument,
    "\n  subscription TypingChanges($conversationId: ID) {\n    typing(conversationId: $conversationId) { typing at user { username } conversation { id } }\n  }\n": typeof types.TypingChangesDocument,
    "\n  mutation SetStatus($status: UserStatus!, $text: String) {\n    setStatus(status: $status, text: $text) { id username status statusText online }\n  }\n": typeof types.SetStatusDocument,
    "\n  query UserStatusById($id: ID!) { user(id: $id) { id status statusText online } }\n": typeof types.UserStatusByIdDocument,
    "\n  subscription PresenceWithStatus {\n    presence { user { username } online status statusText at }\n  }\n": typeof types.PresenceWithStatusDocument,
    "\n  mutation MuteConversation($conversationId: ID!, $until: DateTime) {\n    muteConversation(conversationId: $conversationId, until: $until) { id mutedUntil }\n  }\n": typeof types.MuteConversationDocument,
    "\n  query MutedUntil($id: ID!) { conversation(id: $id) { id mutedUntil } }\n": typeof types.MutedUntilDocument,
    "\n  subscription NotifyInbox($after: String) {\n    inbox(after: $after) {\n      __typename cursor\n      ... on MessageEvent { notify message { id body sender { username } } }\n    }\n  }\n": typeof types.NotifyInboxDocument,
    "\n  mutation Upload($file: File!) {\n    uploadAttachment(file: $file) { id url name mimeType size width height }\n  }\n": typeof types.UploadDocument,
    "\n  mutation SendFile($input: SendInput!) {\n    send(input: $input) {\n      id kind conversation { id }\n      attachment { id url name mimeType size width height }\n    }\n  }\n": typeof types.SendFileDocument,
    "\n  query MessageFile($id: ID!) { message(id: $id) { id attachment { url mimeType } } }\n": typeof types.MessageFileDocument,
    "\n  subscription FileEvents {\n    inbox {\n      cursor\n      __typename\n      ... on MessageEvent {\n        message { id attachment { __typename id url name mimeType width height } }\n      }\n    }\n  }\n": typeof types.FileEventsDocument,
};
const documents: Documents = {
    "\n  mutation TypedSignUp($username: String!, $password: String!) {\n    signUp(username: $username, password: $password) { token user { id } }\n  }\n": types.TypedSignUpDocument,
    "\n  mutation TypedLogIn($username: String!, $password: String!) {\n    logIn(username: $username, password: $password) { token user { id } }\n  }\n": types.TypedLogInDocument,
    "\n  mutation TypedSend($input: SendInput!) { send(input: $input) { id } }\n": types.TypedSendDocument,
    "\n  query TypedMe { me { username } }\n": types.TypedMeDocument,
    "\n  subscription TypedInbox($after: String) {\n    inbox(after: $after) {\n      __typename\n      cursor\n      ... on MessageEvent { message { id body sender { username } } }\n    }\n  }\n": types.TypedInboxDocument,
    "\n  query FilteredHistory($conversationId: ID!) {\n    messages(conversationId: $conversationId, last: 5) { edges { node { body } } }\n  }\n": types.FilteredHistoryDocument,
    "\n  mutation SendFormatted($input: SendInput!) {\n    send(input: $input) {\n      id body format\n      entities { kind offset length url user { username } }\n    }\n  }\n": types.SendFormattedDocument,
    "\n  query FormattedHistory($conversationId: ID!) {\n    messages(conversationId: $conversationId, last: 10) {\n      edges { node { id body format entities { kind offset length url user { username } } } }\n    }\n  }\n": types.FormattedHistoryDocument,
    "\n  mutation Forward($input: SendInput!) {\n    send(input: $input) {\n      id body kind attachment { url name }\n      conversation { id }\n      forwardedFrom { id body deletedAt }\n    }\n  }\n": types.ForwardDocument,
    "\n  query ForwardedFrom($id: ID!) {\n    message(id: $id) { id body forwardedFrom { id body deletedAt } }\n  }\n": types.ForwardedFromDocument,
    "\n  subscription ForwardInbox {\n    inbox {\n      __typename\n      ... on MessageEvent { message { id body forwardedFrom { id body } } }\n    }\n  }\n": types.ForwardInboxDocument,
    "\n  query RecallReadPaths($messageId: ID!, $replyId: ID!, $conversationId: ID!, $query: String!) {\n    message(id: $messageId) { ...MessageState }\n    node(id: $messageId) { ... on Message { ...MessageState } }\n    reply: message(id: $replyId) { replyTo { ...MessageState } }\n    conversation(id: $conversationId) { lastMessage { ...MessageState } }\n    searchMessages(query: $query) { edges { node { id } } }\n  }\n": types.RecallReadPathsDocument,
    "\n  subscription SharedWithNotify($after: String) {\n    inbox(after: $after) {\n      __typename cursor at\n      ... on MessageEvent { notify message { __typename id body sender { id username } conversation { id kind } } }\n    }\n  }\n": types.SharedWithNotifyDocument,
    "\n  subscription PerViewerWithNotify($after: String) {\n    inbox(after: $after) {\n      __typename cursor\n      ... on MessageEvent { notify message { body conversation { id unreadCount mutedUntil } } }\n    }\n  }\n": types.PerViewerWithNotifyDocument,
    "\n  query ReceiptOf($id: ID!) {\n    message(id: $id) {\n      id\n      receipt { recipients delivered read }\n      readBy(first: 20) { edges { node { username } } }\n    }\n  }\n": types.ReceiptOfDocument,
    "\n  query ReceiptsHistory($conversationId: ID!) {\n    messages(conversationId: $conversationId, last: 50) {\n      edges { node { body receipt { recipients delivered read } } }\n    }\n  }\n": types.ReceiptsHistoryDocument,
    "\n  subscription ReceiptsInbox($after: String) {\n    inbox(after: $after) {\n      __typename\n      cursor\n      ... on MessageEvent { message { id body receipt { recipients delivered read } } }\n      ... on DeliveredEvent {\n        conversation { id kind }\n        recipient { username }\n        upTo { id body }\n      }\n    }\n  }\n": types.ReceiptsInboxDocument,
    "\n  query SearchFiltered(\n    $query: String!\n    $conversationId: ID\n    $from: ID\n    $since: DateTime\n    $until: DateTime\n    $first: Int\n  ) {\n    searchMessages(\n      query: $query\n      conversationId: $conversationId\n      from: $from\n      since: $since\n      until: $until\n      first: $first\n    ) {\n      edges { node { id body createdAt } highlights { offset length } }\n    }\n  }\n": types.SearchFilteredDocument,
    "\n  query HistoryHighlights($id: ID!) {\n    conversation(id: $id) { messages(last: 5) { edges { highlights { offset } } } }\n  }\n": types.HistoryHighlightsDocument,
    "\n  mutation SendToMany($input: SendToManyInput!) {\n    sendToMany(input: $input) {\n      id body format\n      sender { username }\n      conversation { id kind }\n      entities { kind user { username } }\n    }\n  }\n": types.SendToManyDocument,
    "\n  mutation LogOut { logOut }\n": types.LogOutDocument,
    "\n  mutation LogOutEverywhere { logOutEverywhere }\n": types.LogOutEverywhereDocument,
    "\n  mutation ChangePassword($current: String!, $new: String!) {\n    changePassword(current: $current, new: $new) { token user { id username } }\n  }\n": types.ChangePasswordDocument,
    "\n  mutation ForceLogOut($userId: ID!) { forceLogOut(userId: $userId) }\n": types.ForceLogOutDocument,
    "\n  mutation SuspendUser($userId: ID!, $until: DateTime) {\n    suspendUser(userId: $userId, until: $until) { id suspendedUntil }\n  }\n": types.SuspendUserDocument,
    "\n  mutation UpdateProfile($displayName: String!) {\n    updateProfile(displayName: $displayName) { id displayName }\n  }\n": types.UpdateProfileDocument,
    "\n  mutation UpdateRoom(\n    $roomId: ID!, $title: String, $description: String, $isPrivate: Boolean, $maxMembers: Int\n  ) {\n    updateRoom(roomId: $roomId, title: $title, description: $description,\n               isPrivate: $isPrivate, maxMembers: $maxMembers) {\n      id title description isPrivate maxMembers memberCount owner { username }\n    }\n  }\n": types.UpdateRoomDocument,
    "\n  mutation TransferRoom($roomId: ID!, $userId: ID!) {\n    transferRoom(roomId: $roomId, userId: $userId) { id owner { username } }\n  }\n": types.TransferRoomDocument,
    "\n  mutation DeleteRoom($roomId: ID!) { deleteRoom(roomId: $roomId) }\n": types.DeleteRoomDocument,
    "\n  mutation SendCommand($command: String!, $payload: JSON, $toUserIds: [ID!]) {\n    sendCommand(command: $command, payload: $payload, toUserIds: $toUserIds) { recipients }\n  }\n": types.SendCommandDocument,
    "\n  query Stats($since: DateTime, $until: DateTime) {\n    stats(since: $since, until: $until) {\n      users onlineNow rooms messages\n      days { day messages activeUsers newUsers }\n    }\n  }\n": types.StatsDocument,
    "\n  subscription AdminInbox($after: String) {\n    inbox(after: $after) {\n      __typename\n      cursor\n      ... on MessageEvent { message { id body deletedAt sender { displayName } conversation { id title } } }\n      ... on RoomDeletedEvent { roomId title }\n      ... on SystemCommandEvent { command payload }\n    }\n  }\n": types.AdminInboxDocument,
    "\n  query HistoryWithNames($conversationId: ID!) {\n    messages(conversationId: $conversationId, last: 20) {\n      edges { node { body sender { displayName } } }\n    }\n  }\n": types.HistoryWithNamesDocument,
    "\n  mutation LogInAgain($username: String!, $password: String!) {\n    logIn(username: $username, password: $password) { token }\n  }\n": types.LogInAgainDocument,
    "\n  mutation EditMessage($id: ID!, $body: String!) {\n    editMessage(id: $id, body: $body) {\n      id body editedAt createdAt deletedAt\n      edits { body editedAt }\n    }\n  }\n": types.EditMessageDocument,
    "\n  mutation DeleteMessage($id: ID!) {\n    deleteMessage(id: $id) { id body deletedAt attachment { url } edits { body } }\n  }\n": types.DeleteMessageDocument,
    "\n  fragment MessageState on Message {\n    id body editedAt deletedAt attachment { url } edits { body editedAt }\n  }\n": types.MessageStateFragmentDoc,
    "\n  query ChangesHistory($conversationId: ID!) {\n    messages(conversationId: $conversationId, last: 100) {\n      edges { node { ...MessageState } }\n    }\n  }\n": types.ChangesHistoryDocument,
    "\n  subscription ChangesInbox($after: String) {\n    inbox(after: $after) {\n      __typename\n      cursor\n      ... on MessageEvent { message { ...MessageState } }\n      ... on MessageEditedEvent { message { ...MessageState } }\n      ... on MessageDeletedEvent { message { ...MessageState } }\n    }\n  }\n": types.ChangesInboxDocument,
    "\n  mutation SignUp($username: String!, $password: String!, $displayName: String) {\n    signUp(username: $username, password: $password, displayName: $displayName) {\n      token\n      user { id username displayName role }\n    }\n  }\n": types.SignUpDocument,
    "\n  mutation LogIn($username: String!, $password: String!) {\n    logIn(username: $username, password: $password) { token user { id username } }\n  }\n": types.LogInDocument,
    "\n  query Me { me { id username displayName role online lastSeenAt } }\n": types.MeDocument,
    "\n  query UserById($id: ID!) { user(id: $id) { id username online lastSeenAt } }\n": types.UserByIdDocument,
    "\n  query Users($presence: PresenceFilter, $first: Int, $after: String, $last: Int, $before: String) {\n    users(presence: $presence, first: $first, after: $after, last: $last, before: $before) {\n      edges { cursor node { id username online } }\n      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }\n    }\n  }\n": types.UsersDocument,
    "\n  mutation Send($input: SendInput!) {\n    send(input: $input) {\n      id body kind clientId createdAt\n      sender { id username }\n      conversation { id kind memberCount }\n      attachment { url name mimeType size }\n      replyTo { id body }\n    }\n  }\n": types.SendDocument,
    "\n  query Messages(\n    $conversationId: ID!, $first: Int, $after: String, $last: Int, $before: String,\n    $since: DateTime, $until: DateTime\n  ) {\n    messages(conversationId: $conversationId, first: $first, after: $after, last: $last,\n             before: $before, since: $since, until: $until) {\n      edges { cursor node { id body createdAt sender { username } } }\n      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }\n    }\n  }\n": types.MessagesDocument,
    "\n  query MessageById($id: ID!) { message(id: $id) { id body conversation { id } } }\n": types.MessageByIdDocument,
    "\n  query NodeById($id: ID!) {\n    node(id: $id) {\n      id\n      __typename\n      ... on User { username }\n      ... on Conversation { kind title }\n      ... on Message { body }\n    }\n  }\n": types.NodeByIdDocument,
    "\n  query Conversations($first: Int, $after: String, $last: Int, $before: String) {\n    conversations(first: $first, after: $after, last: $last, before: $before) {\n      edges {\n        cursor\n        node {\n          id kind title memberCount unreadCount lastActivityAt\n          lastMessage { id body }\n          members(first: 10) { edges { node { username } } }\n        }\n      }\n      pageInfo { hasNextPage hasPreviousPage endCursor }\n    }\n  }\n": types.ConversationsDocument,
    "\n  query ConversationById($id: ID!) {\n    conversation(id: $id) {\n      id kind title isPrivate maxMembers memberCount unreadCount\n      owner { username }\n      lastMessage { body }\n      messages(last: 5) { edges { node { body } } }\n    }\n  }\n": types.ConversationByIdDocument,
    "\n  mutation MarkRead($conversationId: ID!, $upTo: ID) {\n    markRead(conversationId: $conversationId, upTo: $upTo) { id unreadCount }\n  }\n": types.MarkReadDocument,
    "\n  query UnreadCounts {\n    unreadCounts { total conversations { count conversation { id } } }\n  }\n": types.UnreadCountsDocument,
    "\n  query Search($query: String!, $conversationId: ID, $first: Int, $after: String) {\n    searchMessages(query: $query, conversationId: $conversationId, first: $first, after: $after) {\n      edges { node { id body } }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n": types.SearchDocument,
    "\n  mutation CreateRoom($title: String!, $isPrivate: Boolean, $maxMembers: Int) {\n    createRoom(title: $title, isPrivate: $isPrivate, maxMembers: $maxMembers) {\n      id title isPrivate maxMembers memberCount owner { username }\n    }\n  }\n": types.CreateRoomDocument,
    "\n  mutation JoinRoom($roomId: ID!) { joinRoom(roomId: $roomId) { id memberCount } }\n": types.JoinRoomDocument,
    "\n  mutation LeaveRoom($roomId: ID!) { leaveRoom(roomId: $roomId) }\n": types.LeaveRoomDocument,
    "\n  mutation InviteToRoom($roomId: ID!, $userId: ID!) { inviteToRoom(roomId: $roomId, userId: $userId) { id memberCount } }\n": types.InviteToRoomDocument,
    "\n  mutation RemoveFromRoom($roomId: ID!, $userId: ID!) { removeFromRoom(roomId: $roomId, userId: $userId) { id memberCount } }\n": types.RemoveFromRoomDocument,
    "\n  mutation RenameRoom($roomId: ID!, $title: String!) { renameRoom(roomId: $roomId, title: $title) { id title } }\n": types.RenameRoomDocument,
    "\n  query Rooms($query: String, $first: Int, $after: String) {\n    rooms(query: $query, first: $first, after: $after) {\n      edges { node { id title memberCount isPrivate } }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n": types.RoomsDocument,
    "\n  mutation Broadcast($body: String!, $toUserIds: [ID!]) { broadcast(body: $body, toUserIds: $toUserIds) { recipients } }\n": types.BroadcastDocument,
    "\n  subscription Inbox($after: String) {\n    inbox(after: $after) {\n      __typename\n      cursor\n      at\n      ... on MessageEvent { message { id body clientId sender { username } conversation { id } } }\n      ... on ReadEvent { conversation { id } reader { username } upTo { id } }\n      ... on MembershipEvent { conversation { id } user { username } joined }\n      ... on BroadcastEvent { body from { username } }\n    }\n  }\n": types.InboxDocument,
    "\n  subscription PresenceChanges { presence { user { username } online at } }\n": types.PresenceChangesDocument,
    "\n  query RoomDetails($id: ID!) {\n    conversation(id: $id) {\n      id kind title isPrivate maxMembers memberCount\n      owner { username }\n      members(first: 100) { edges { node { username } } }\n    }\n  }\n": types.RoomDetailsDocument,
    "\n  query ConversationHistory(\n    $id: ID!, $first: Int, $after: String, $last: Int, $before: String,\n    $since: DateTime, $until: DateTime\n  ) {\n    conversation(id: $id) {\n      id\n      messages(first: $first, after: $after, last: $last, before: $before, since: $since, until: $until) {\n        edges { cursor node { id body createdAt } }\n        pageInfo { hasNextPage hasPreviousPage startCursor endCursor }\n      }\n    }\n  }\n": types.ConversationHistoryDocument,
    "\n  query ConversationMembers($id: ID!, $first: Int, $after: String) {\n    conversation(id: $id) {\n      id memberCount\n      members(first: $first, after: $after) {\n        edges { cursor node { username } }\n        pageInfo { hasNextPage endCursor }\n      }\n    }\n  }\n": types.ConversationMembersDocument,
    "\n  query UnreadState {\n    unreadCounts { total conversations { count conversation { id } } }\n    conversations(first: 100) { edges { node { id unreadCount } } }\n  }\n": types.UnreadStateDocument,
    "\n  mutation SetTyping($conversationId: ID!, $typing: Boolean) {\n    setTyping(conversationId: $conversationId, typing: $typing)\n  }\n": types.SetTypingDocument,
    "\n  subscription TypingChanges($conversationId: ID) {\n    typing(conversationId: $conversationId) { typing at user { username } conversation { id } }\n  }\n": types.TypingChangesDocument,
    "\n  mutation SetStatus($status: UserStatus!, $text: String) {\n    setStatus(status: $status, text: $text) { id username status statusText online }\n  }\n": types.SetStatusDocument,
    "\n  query UserStatusById($id: ID!) { user(id: $id) { id status statusText online } }\n": types.UserStatusByIdDocument,
    "\n  subscription PresenceWithStatus {\n    presence { user { username } online status statusText at }\n  }\n": types.PresenceWithStatusDocument,
    "\n  mutation MuteConversation($conversationId: ID!, $until: DateTime) {\n    muteConversation(conversationId: $conversationId, until: $until) { id mutedUntil }\n  }\n": types.MuteConversationDocument,
    "\n  query MutedUntil($id: ID!) { conversation(id: $id) { id mutedUntil } }\n": types.MutedUntilDocument,
    "\n  subscription NotifyInbox($after: String) {\n    inbox(after: $after) {\n      __typename cursor\n      ... on MessageEvent { notify message { id body sender { username } } }\n    }\n  }\n": types.NotifyInboxDocument,
    "\n  mutation Upload($file: File!) {\n    uploadAttachment(file: $file) { id url name mimeType size width height }\n  }\n": types.UploadDocument,
    "\n  mutation SendFile($input: SendInput!) {\n    send(input: $input) {\n      id kind conversation { id }\n      attachment { id url name mimeType size width height }\n    }\n  }\n": types.SendFileDocument,
    "\n  query MessageFile($id: ID!) { message(id: $id) { id attachment { url mimeType } } }\n": types.MessageFileDocument,
    "\n  subscription FileEvents {\n    inbox {\n      cursor\n      __typename\n      ... on MessageEvent {\n        message { id attachment { __typename id url name mimeType width height } }\n      }\n    }\n  }\n": types.FileEventsDocument,
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
export function graphql(source: "\n  mutation TypedSignUp($username: String!, $password: String!) {\n    signUp(username: $username, password: $password) { token user { id } }\n  }\n"): (typeof documents)["\n  mutation TypedSignUp($username: String!, $password: String!) {\n    signUp(username: $username, password: $password) { token user { id } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation TypedLogIn($username: String!, $password: String!) {\n    logIn(username: $username, password: $password) { token user { id } }\n  }\n"): (typeof documents)["\n  mutation TypedLogIn($username: String!, $password: String!) {\n    logIn(username: $username, password: $password) { token user { id } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation TypedSend($input: SendInput!) { send(input: $input) { id } }\n"): (typeof documents)["\n  mutation TypedSend($input: SendInput!) { send(input: $input) { id } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query TypedMe { me { username } }\n"): (typeof documents)["\n  query TypedMe { me { username } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription TypedInbox($after: String) {\n    inbox(after: $after) {\n      __typename\n      cursor\n      ... on MessageEvent { message { id body sender { username } } }\n    }\n  }\n"): (typeof documents)["\n  subscription TypedInbox($after: String) {\n    inbox(after: $after) {\n      __typename\n      cursor\n      ... on MessageEvent { message { id body sender { username } } }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query FilteredHistory($conversationId: ID!) {\n    messages(conversationId: $conversationId, last: 5) { edges { node { body } } }\n  }\n"): (typeof documents)["\n  query FilteredHistory($conversationId: ID!) {\n    messages(conversationId: $conversationId, last: 5) { edges { node { body } } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SendFormatted($input: SendInput!) {\n    send(input: $input) {\n      id body format\n      entities { kind offset length url user { username } }\n    }\n  }\n"): (typeof documents)["\n  mutation SendFormatted($input: SendInput!) {\n    send(input: $input) {\n      id body format\n      entities { kind offset length url user { username } }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query FormattedHistory($conversationId: ID!) {\n    messages(conversationId: $conversationId, last: 10) {\n      edges { node { id body format entities { kind offset length url user { username } } } }\n    }\n  }\n"): (typeof documents)["\n  query FormattedHistory($conversationId: ID!) {\n    messages(conversationId: $conversationId, last: 10) {\n      edges { node { id body format entities { kind offset length url user { username } } } }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Forward($input: SendInput!) {\n    send(input: $input) {\n      id body kind attachment { url name }\n      conversation { id }\n      forwardedFrom { id body deletedAt }\n    }\n  }\n"): (typeof documents)["\n  mutation Forward($input: SendInput!) {\n    send(input: $input) {\n      id body kind attachment { url name }\n      conversation { id }\n      forwardedFrom { id body deletedAt }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ForwardedFrom($id: ID!) {\n    message(id: $id) { id body forwardedFrom { id body deletedAt } }\n  }\n"): (typeof documents)["\n  query ForwardedFrom($id: ID!) {\n    message(id: $id) { id body forwardedFrom { id body deletedAt } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription ForwardInbox {\n    inbox {\n      __typename\n      ... on MessageEvent { message { id body forwardedFrom { id body } } }\n    }\n  }\n"): (typeof documents)["\n  subscription ForwardInbox {\n    inbox {\n      __typename\n      ... on MessageEvent { message { id body forwardedFrom { id body } } }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query RecallReadPaths($messageId: ID!, $replyId: ID!, $conversationId: ID!, $query: String!) {\n    message(id: $messageId) { ...MessageState }\n    node(id: $messageId) { ... on Message { ...MessageState } }\n    reply: message(id: $replyId) { replyTo { ...MessageState } }\n    conversation(id: $conversationId) { lastMessage { ...MessageState } }\n    searchMessages(query: $query) { edges { node { id } } }\n  }\n"): (typeof documents)["\n  query RecallReadPaths($messageId: ID!, $replyId: ID!, $conversationId: ID!, $query: String!) {\n    message(id: $messageId) { ...MessageState }\n    node(id: $messageId) { ... on Message { ...MessageState } }\n    reply: message(id: $replyId) { replyTo { ...MessageState } }\n    conversation(id: $conversationId) { lastMessage { ...MessageState } }\n    searchMessages(query: $query) { edges { node { id } } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription SharedWithNotify($after: String) {\n    inbox(after: $after) {\n      __typename cursor at\n      ... on MessageEvent { notify message { __typename id body sender { id username } conversation { id kind } } }\n    }\n  }\n"): (typeof documents)["\n  subscription SharedWithNotify($after: String) {\n    inbox(after: $after) {\n      __typename cursor at\n      ... on MessageEvent { notify message { __typename id body sender { id username } conversation { id kind } } }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription PerViewerWithNotify($after: String) {\n    inbox(after: $after) {\n      __typename cursor\n      ... on MessageEvent { notify message { body conversation { id unreadCount mutedUntil } } }\n    }\n  }\n"): (typeof documents)["\n  subscription PerViewerWithNotify($after: String) {\n    inbox(after: $after) {\n      __typename cursor\n      ... on MessageEvent { notify message { body conversation { id unreadCount mutedUntil } } }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ReceiptOf($id: ID!) {\n    message(id: $id) {\n      id\n      receipt { recipients delivered read }\n      readBy(first: 20) { edges { node { username } } }\n    }\n  }\n"): (typeof documents)["\n  query ReceiptOf($id: ID!) {\n    message(id: $id) {\n      id\n      receipt { recipients delivered read }\n      readBy(first: 20) { edges { node { username } } }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ReceiptsHistory($conversationId: ID!) {\n    messages(conversationId: $conversationId, last: 50) {\n      edges { node { body receipt { recipients delivered read } } }\n    }\n  }\n"): (typeof documents)["\n  query ReceiptsHistory($conversationId: ID!) {\n    messages(conversationId: $conversationId, last: 50) {\n      edges { node { body receipt { recipients delivered read } } }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription ReceiptsInbox($after: String) {\n    inbox(after: $after) {\n      __typename\n      cursor\n      ... on MessageEvent { message { id body receipt { recipients delivered read } } }\n      ... on DeliveredEvent {\n        conversation { id kind }\n        recipient { username }\n        upTo { id body }\n      }\n    }\n  }\n"): (typeof documents)["\n  subscription ReceiptsInbox($after: String) {\n    inbox(after: $after) {\n      __typename\n      cursor\n      ... on MessageEvent { message { id body receipt { recipients delivered read } } }\n      ... on DeliveredEvent {\n        conversation { id kind }\n        recipient { username }\n        upTo { id body }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SearchFiltered(\n    $query: String!\n    $conversationId: ID\n    $from: ID\n    $since: DateTime\n    $until: DateTime\n    $first: Int\n  ) {\n    searchMessages(\n      query: $query\n      conversationId: $conversationId\n      from: $from\n      since: $since\n      until: $until\n      first: $first\n    ) {\n      edges { node { id body createdAt } highlights { offset length } }\n    }\n  }\n"): (typeof documents)["\n  query SearchFiltered(\n    $query: String!\n    $conversationId: ID\n    $from: ID\n    $since: DateTime\n    $until: DateTime\n    $first: Int\n  ) {\n    searchMessages(\n      query: $query\n      conversationId: $conversationId\n      from: $from\n      since: $since\n      until: $until\n      first: $first\n    ) {\n      edges { node { id body createdAt } highlights { offset length } }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query HistoryHighlights($id: ID!) {\n    conversation(id: $id) { messages(last: 5) { edges { highlights { offset } } } }\n  }\n"): (typeof documents)["\n  query HistoryHighlights($id: ID!) {\n    conversation(id: $id) { messages(last: 5) { edges { highlights { offset } } } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SendToMany($input: SendToManyInput!) {\n    sendToMany(input: $input) {\n      id body format\n      sender { username }\n      conversation { id kind }\n      entities { kind user { username } }\n    }\n  }\n"): (typeof documents)["\n  mutation SendToMany($input: SendToManyInput!) {\n    sendToMany(input: $input) {\n      id body format\n      sender { username }\n      conversation { id kind }\n      entities { kind user { username } }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation LogOut { logOut }\n"): (typeof documents)["\n  mutation LogOut { logOut }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation LogOutEverywhere { logOutEverywhere }\n"): (typeof documents)["\n  mutation LogOutEverywhere { logOutEverywhere }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ChangePassword($current: String!, $new: String!) {\n    changePassword(current: $current, new: $new) { token user { id username } }\n  }\n"): (typeof documents)["\n  mutation ChangePassword($current: String!, $new: String!) {\n    changePassword(current: $current, new: $new) { token user { id username } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ForceLogOut($userId: ID!) { forceLogOut(userId: $userId) }\n"): (typeof documents)["\n  mutation ForceLogOut($userId: ID!) { forceLogOut(userId: $userId) }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SuspendUser($userId: ID!, $until: DateTime) {\n    suspendUser(userId: $userId, until: $until) { id suspendedUntil }\n  }\n"): (typeof documents)["\n  mutation SuspendUser($userId: ID!, $until: DateTime) {\n    suspendUser(userId: $userId, until: $until) { id suspendedUntil }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateProfile($displayName: String!) {\n    updateProfile(displayName: $displayName) { id displayName }\n  }\n"): (typeof documents)["\n  mutation UpdateProfile($displayName: String!) {\n    updateProfile(displayName: $displayName) { id displayName }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateRoom(\n    $roomId: ID!, $title: String, $description: String, $isPrivate: Boolean, $maxMembers: Int\n  ) {\n    updateRoom(roomId: $roomId, title: $title, description: $description,\n               isPrivate: $isPrivate, maxMembers: $maxMembers) {\n      id title description isPrivate maxMembers memberCount owner { username }\n    }\n  }\n"): (typeof documents)["\n  mutation UpdateRoom(\n    $roomId: ID!, $title: String, $description: String, $isPrivate: Boolean, $maxMembers: Int\n  ) {\n    updateRoom(roomId: $roomId, title: $title, description: $description,\n               isPrivate: $isPrivate, maxMembers: $maxMembers) {\n      id title description isPrivate maxMembers memberCount owner { username }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation TransferRoom($roomId: ID!, $userId: ID!) {\n    transferRoom(roomId: $roomId, userId: $userId) { id owner { username } }\n  }\n"): (typeof documents)["\n  mutation TransferRoom($roomId: ID!, $userId: ID!) {\n    transferRoom(roomId: $roomId, userId: $userId) { id owner { username } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeleteRoom($roomId: ID!) { deleteRoom(roomId: $roomId) }\n"): (typeof documents)["\n  mutation DeleteRoom($roomId: ID!) { deleteRoom(roomId: $roomId) }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SendCommand($command: String!, $payload: JSON, $toUserIds: [ID!]) {\n    sendCommand(command: $command, payload: $payload, toUserIds: $toUserIds) { recipients }\n  }\n"): (typeof documents)["\n  mutation SendCommand($command: String!, $payload: JSON, $toUserIds: [ID!]) {\n    sendCommand(command: $command, payload: $payload, toUserIds: $toUserIds) { recipients }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Stats($since: DateTime, $until: DateTime) {\n    stats(since: $since, until: $until) {\n      users onlineNow rooms messages\n      days { day messages activeUsers newUsers }\n    }\n  }\n"): (typeof documents)["\n  query Stats($since: DateTime, $until: DateTime) {\n    stats(since: $since, until: $until) {\n      users onlineNow rooms messages\n      days { day messages activeUsers newUsers }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription AdminInbox($after: String) {\n    inbox(after: $after) {\n      __typename\n      cursor\n      ... on MessageEvent { message { id body deletedAt sender { displayName } conversation { id title } } }\n      ... on RoomDeletedEvent { roomId title }\n      ... on SystemCommandEvent { command payload }\n    }\n  }\n"): (typeof documents)["\n  subscription AdminInbox($after: String) {\n    inbox(after: $after) {\n      __typename\n      cursor\n      ... on MessageEvent { message { id body deletedAt sender { displayName } conversation { id title } } }\n      ... on RoomDeletedEvent { roomId title }\n      ... on SystemCommandEvent { command payload }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query HistoryWithNames($conversationId: ID!) {\n    messages(conversationId: $conversationId, last: 20) {\n      edges { node { body sender { displayName } } }\n    }\n  }\n"): (typeof documents)["\n  query HistoryWithNames($conversationId: ID!) {\n    messages(conversationId: $conversationId, last: 20) {\n      edges { node { body sender { displayName } } }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation LogInAgain($username: String!, $password: String!) {\n    logIn(username: $username, password: $password) { token }\n  }\n"): (typeof documents)["\n  mutation LogInAgain($username: String!, $password: String!) {\n    logIn(username: $username, password: $password) { token }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation EditMessage($id: ID!, $body: String!) {\n    editMessage(id: $id, body: $body) {\n      id body editedAt createdAt deletedAt\n      edits { body editedAt }\n    }\n  }\n"): (typeof documents)["\n  mutation EditMessage($id: ID!, $body: String!) {\n    editMessage(id: $id, body: $body) {\n      id body editedAt createdAt deletedAt\n      edits { body editedAt }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeleteMessage($id: ID!) {\n    deleteMessage(id: $id) { id body deletedAt attachment { url } edits { body } }\n  }\n"): (typeof documents)["\n  mutation DeleteMessage($id: ID!) {\n    deleteMessage(id: $id) { id body deletedAt attachment { url } edits { body } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment MessageState on Message {\n    id body editedAt deletedAt attachment { url } edits { body editedAt }\n  }\n"): (typeof documents)["\n  fragment MessageState on Message {\n    id body editedAt deletedAt attachment { url } edits { body editedAt }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ChangesHistory($conversationId: ID!) {\n    messages(conversationId: $conversationId, last: 100) {\n      edges { node { ...MessageState } }\n    }\n  }\n"): (typeof documents)["\n  query ChangesHistory($conversationId: ID!) {\n    messages(conversationId: $conversationId, last: 100) {\n      edges { node { ...MessageState } }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription ChangesInbox($after: String) {\n    inbox(after: $after) {\n      __typename\n      cursor\n      ... on MessageEvent { message { ...MessageState } }\n      ... on MessageEditedEvent { message { ...MessageState } }\n      ... on MessageDeletedEvent { message { ...MessageState } }\n    }\n  }\n"): (typeof documents)["\n  subscription ChangesInbox($after: String) {\n    inbox(after: $after) {\n      __typename\n      cursor\n      ... on MessageEvent { message { ...MessageState } }\n      ... on MessageEditedEvent { message { ...MessageState } }\n      ... on MessageDeletedEvent { message { ...MessageState } }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SignUp($username: String!, $password: String!, $displayName: String) {\n    signUp(username: $username, password: $password, displayName: $displayName) {\n      token\n      user { id username displayName role }\n    }\n  }\n"): (typeof documents)["\n  mutation SignUp($username: String!, $password: String!, $displayName: String) {\n    signUp(username: $username, password: $password, displayName: $displayName) {\n      token\n      user { id username displayName role }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation LogIn($username: String!, $password: String!) {\n    logIn(username: $username, password: $password) { token user { id username } }\n  }\n"): (typeof documents)["\n  mutation LogIn($username: String!, $password: String!) {\n    logIn(username: $username, password: $password) { token user { id username } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Me { me { id username displayName role online lastSeenAt } }\n"): (typeof documents)["\n  query Me { me { id username displayName role online lastSeenAt } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query UserById($id: ID!) { user(id: $id) { id username online lastSeenAt } }\n"): (typeof documents)["\n  query UserById($id: ID!) { user(id: $id) { id username online lastSeenAt } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Users($presence: PresenceFilter, $first: Int, $after: String, $last: Int, $before: String) {\n    users(presence: $presence, first: $first, after: $after, last: $last, before: $before) {\n      edges { cursor node { id username online } }\n      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }\n    }\n  }\n"): (typeof documents)["\n  query Users($presence: PresenceFilter, $first: Int, $after: String, $last: Int, $before: String) {\n    users(presence: $presence, first: $first, after: $after, last: $last, before: $before) {\n      edges { cursor node { id username online } }\n      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Send($input: SendInput!) {\n    send(input: $input) {\n      id body kind clientId createdAt\n      sender { id username }\n      conversation { id kind memberCount }\n      attachment { url name mimeType size }\n      replyTo { id body }\n    }\n  }\n"): (typeof documents)["\n  mutation Send($input: SendInput!) {\n    send(input: $input) {\n      id body kind clientId createdAt\n      sender { id username }\n      conversation { id kind memberCount }\n      attachment { url name mimeType size }\n      replyTo { id body }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Messages(\n    $conversationId: ID!, $first: Int, $after: String, $last: Int, $before: String,\n    $since: DateTime, $until: DateTime\n  ) {\n    messages(conversationId: $conversationId, first: $first, after: $after, last: $last,\n             before: $before, since: $since, until: $until) {\n      edges { cursor node { id body createdAt sender { username } } }\n      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }\n    }\n  }\n"): (typeof documents)["\n  query Messages(\n    $conversationId: ID!, $first: Int, $after: String, $last: Int, $before: String,\n    $since: DateTime, $until: DateTime\n  ) {\n    messages(conversationId: $conversationId, first: $first, after: $after, last: $last,\n             before: $before, since: $since, until: $until) {\n      edges { cursor node { id body createdAt sender { username } } }\n      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query MessageById($id: ID!) { message(id: $id) { id body conversation { id } } }\n"): (typeof documents)["\n  query MessageById($id: ID!) { message(id: $id) { id body conversation { id } } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query NodeById($id: ID!) {\n    node(id: $id) {\n      id\n      __typename\n      ... on User { username }\n      ... on Conversation { kind title }\n      ... on Message { body }\n    }\n  }\n"): (typeof documents)["\n  query NodeById($id: ID!) {\n    node(id: $id) {\n      id\n      __typename\n      ... on User { username }\n      ... on Conversation { kind title }\n      ... on Message { body }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Conversations($first: Int, $after: String, $last: Int, $before: String) {\n    conversations(first: $first, after: $after, last: $last, before: $before) {\n      edges {\n        cursor\n        node {\n          id kind title memberCount unreadCount lastActivityAt\n          lastMessage { id body }\n          members(first: 10) { edges { node { username } } }\n        }\n      }\n      pageInfo { hasNextPage hasPreviousPage endCursor }\n    }\n  }\n"): (typeof documents)["\n  query Conversations($first: Int, $after: String, $last: Int, $before: String) {\n    conversations(first: $first, after: $after, last: $last, before: $before) {\n      edges {\n        cursor\n        node {\n          id kind title memberCount unreadCount lastActivityAt\n          lastMessage { id body }\n          members(first: 10) { edges { node { username } } }\n        }\n      }\n      pageInfo { hasNextPage hasPreviousPage endCursor }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ConversationById($id: ID!) {\n    conversation(id: $id) {\n      id kind title isPrivate maxMembers memberCount unreadCount\n      owner { username }\n      lastMessage { body }\n      messages(last: 5) { edges { node { body } } }\n    }\n  }\n"): (typeof documents)["\n  query ConversationById($id: ID!) {\n    conversation(id: $id) {\n      id kind title isPrivate maxMembers memberCount unreadCount\n      owner { username }\n      lastMessage { body }\n      messages(last: 5) { edges { node { body } } }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation MarkRead($conversationId: ID!, $upTo: ID) {\n    markRead(conversationId: $conversationId, upTo: $upTo) { id unreadCount }\n  }\n"): (typeof documents)["\n  mutation MarkRead($conversationId: ID!, $upTo: ID) {\n    markRead(conversationId: $conversationId, upTo: $upTo) { id unreadCount }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query UnreadCounts {\n    unreadCounts { total conversations { count conversation { id } } }\n  }\n"): (typeof documents)["\n  query UnreadCounts {\n    unreadCounts { total conversations { count conversation { id } } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Search($query: String!, $conversationId: ID, $first: Int, $after: String) {\n    searchMessages(query: $query, conversationId: $conversationId, first: $first, after: $after) {\n      edges { node { id body } }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n"): (typeof documents)["\n  query Search($query: String!, $conversationId: ID, $first: Int, $after: String) {\n    searchMessages(query: $query, conversationId: $conversationId, first: $first, after: $after) {\n      edges { node { id body } }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateRoom($title: String!, $isPrivate: Boolean, $maxMembers: Int) {\n    createRoom(title: $title, isPrivate: $isPrivate, maxMembers: $maxMembers) {\n      id title isPrivate maxMembers memberCount owner { username }\n    }\n  }\n"): (typeof documents)["\n  mutation CreateRoom($title: String!, $isPrivate: Boolean, $maxMembers: Int) {\n    createRoom(title: $title, isPrivate: $isPrivate, maxMembers: $maxMembers) {\n      id title isPrivate maxMembers memberCount owner { username }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation JoinRoom($roomId: ID!) { joinRoom(roomId: $roomId) { id memberCount } }\n"): (typeof documents)["\n  mutation JoinRoom($roomId: ID!) { joinRoom(roomId: $roomId) { id memberCount } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation LeaveRoom($roomId: ID!) { leaveRoom(roomId: $roomId) }\n"): (typeof documents)["\n  mutation LeaveRoom($roomId: ID!) { leaveRoom(roomId: $roomId) }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation InviteToRoom($roomId: ID!, $userId: ID!) { inviteToRoom(roomId: $roomId, userId: $userId) { id memberCount } }\n"): (typeof documents)["\n  mutation InviteToRoom($roomId: ID!, $userId: ID!) { inviteToRoom(roomId: $roomId, userId: $userId) { id memberCount } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RemoveFromRoom($roomId: ID!, $userId: ID!) { removeFromRoom(roomId: $roomId, userId: $userId) { id memberCount } }\n"): (typeof documents)["\n  mutation RemoveFromRoom($roomId: ID!, $userId: ID!) { removeFromRoom(roomId: $roomId, userId: $userId) { id memberCount } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RenameRoom($roomId: ID!, $title: String!) { renameRoom(roomId: $roomId, title: $title) { id title } }\n"): (typeof documents)["\n  mutation RenameRoom($roomId: ID!, $title: String!) { renameRoom(roomId: $roomId, title: $title) { id title } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Rooms($query: String, $first: Int, $after: String) {\n    rooms(query: $query, first: $first, after: $after) {\n      edges { node { id title memberCount isPrivate } }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n"): (typeof documents)["\n  query Rooms($query: String, $first: Int, $after: String) {\n    rooms(query: $query, first: $first, after: $after) {\n      edges { node { id title memberCount isPrivate } }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Broadcast($body: String!, $toUserIds: [ID!]) { broadcast(body: $body, toUserIds: $toUserIds) { recipients } }\n"): (typeof documents)["\n  mutation Broadcast($body: String!, $toUserIds: [ID!]) { broadcast(body: $body, toUserIds: $toUserIds) { recipients } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription Inbox($after: String) {\n    inbox(after: $after) {\n      __typename\n      cursor\n      at\n      ... on MessageEvent { message { id body clientId sender { username } conversation { id } } }\n      ... on ReadEvent { conversation { id } reader { username } upTo { id } }\n      ... on MembershipEvent { conversation { id } user { username } joined }\n      ... on BroadcastEvent { body from { username } }\n    }\n  }\n"): (typeof documents)["\n  subscription Inbox($after: String) {\n    inbox(after: $after) {\n      __typename\n      cursor\n      at\n      ... on MessageEvent { message { id body clientId sender { username } conversation { id } } }\n      ... on ReadEvent { conversation { id } reader { username } upTo { id } }\n      ... on MembershipEvent { conversation { id } user { username } joined }\n      ... on BroadcastEvent { body from { username } }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription PresenceChanges { presence { user { username } online at } }\n"): (typeof documents)["\n  subscription PresenceChanges { presence { user { username } online at } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query RoomDetails($id: ID!) {\n    conversation(id: $id) {\n      id kind title isPrivate maxMembers memberCount\n      owner { username }\n      members(first: 100) { edges { node { username } } }\n    }\n  }\n"): (typeof documents)["\n  query RoomDetails($id: ID!) {\n    conversation(id: $id) {\n      id kind title isPrivate maxMembers memberCount\n      owner { username }\n      members(first: 100) { edges { node { username } } }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ConversationHistory(\n    $id: ID!, $first: Int, $after: String, $last: Int, $before: String,\n    $since: DateTime, $until: DateTime\n  ) {\n    conversation(id: $id) {\n      id\n      messages(first: $first, after: $after, last: $last, before: $before, since: $since, until: $until) {\n        edges { cursor node { id body createdAt } }\n        pageInfo { hasNextPage hasPreviousPage startCursor endCursor }\n      }\n    }\n  }\n"): (typeof documents)["\n  query ConversationHistory(\n    $id: ID!, $first: Int, $after: String, $last: Int, $before: String,\n    $since: DateTime, $until: DateTime\n  ) {\n    conversation(id: $id) {\n      id\n      messages(first: $first, after: $after, last: $last, before: $before, since: $since, until: $until) {\n        edges { cursor node { id body createdAt } }\n        pageInfo { hasNextPage hasPreviousPage startCursor endCursor }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ConversationMembers($id: ID!, $first: Int, $after: String) {\n    conversation(id: $id) {\n      id memberCount\n      members(first: $first, after: $after) {\n        edges { cursor node { username } }\n        pageInfo { hasNextPage endCursor }\n      }\n    }\n  }\n"): (typeof documents)["\n  query ConversationMembers($id: ID!, $first: Int, $after: String) {\n    conversation(id: $id) {\n      id memberCount\n      members(first: $first, after: $after) {\n        edges { cursor node { username } }\n        pageInfo { hasNextPage endCursor }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query UnreadState {\n    unreadCounts { total conversations { count conversation { id } } }\n    conversations(first: 100) { edges { node { id unreadCount } } }\n  }\n"): (typeof documents)["\n  query UnreadState {\n    unreadCounts { total conversations { count conversation { id } } }\n    conversations(first: 100) { edges { node { id unreadCount } } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SetTyping($conversationId: ID!, $typing: Boolean) {\n    setTyping(conversationId: $conversationId, typing: $typing)\n  }\n"): (typeof documents)["\n  mutation SetTyping($conversationId: ID!, $typing: Boolean) {\n    setTyping(conversationId: $conversationId, typing: $typing)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription TypingChanges($conversationId: ID) {\n    typing(conversationId: $conversationId) { typing at user { username } conversation { id } }\n  }\n"): (typeof documents)["\n  subscription TypingChanges($conversationId: ID) {\n    typing(conversationId: $conversationId) { typing at user { username } conversation { id } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SetStatus($status: UserStatus!, $text: String) {\n    setStatus(status: $status, text: $text) { id username status statusText online }\n  }\n"): (typeof documents)["\n  mutation SetStatus($status: UserStatus!, $text: String) {\n    setStatus(status: $status, text: $text) { id username status statusText online }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query UserStatusById($id: ID!) { user(id: $id) { id status statusText online } }\n"): (typeof documents)["\n  query UserStatusById($id: ID!) { user(id: $id) { id status statusText online } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription PresenceWithStatus {\n    presence { user { username } online status statusText at }\n  }\n"): (typeof documents)["\n  subscription PresenceWithStatus {\n    presence { user { username } online status statusText at }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation MuteConversation($conversationId: ID!, $until: DateTime) {\n    muteConversation(conversationId: $conversationId, until: $until) { id mutedUntil }\n  }\n"): (typeof documents)["\n  mutation MuteConversation($conversationId: ID!, $until: DateTime) {\n    muteConversation(conversationId: $conversationId, until: $until) { id mutedUntil }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query MutedUntil($id: ID!) { conversation(id: $id) { id mutedUntil } }\n"): (typeof documents)["\n  query MutedUntil($id: ID!) { conversation(id: $id) { id mutedUntil } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription NotifyInbox($after: String) {\n    inbox(after: $after) {\n      __typename cursor\n      ... on MessageEvent { notify message { id body sender { username } } }\n    }\n  }\n"): (typeof documents)["\n  subscription NotifyInbox($after: String) {\n    inbox(after: $after) {\n      __typename cursor\n      ... on MessageEvent { notify message { id body sender { username } } }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Upload($file: File!) {\n    uploadAttachment(file: $file) { id url name mimeType size width height }\n  }\n"): (typeof documents)["\n  mutation Upload($file: File!) {\n    uploadAttachment(file: $file) { id url name mimeType size width height }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SendFile($input: SendInput!) {\n    send(input: $input) {\n      id kind conversation { id }\n      attachment { id url name mimeType size width height }\n    }\n  }\n"): (typeof documents)["\n  mutation SendFile($input: SendInput!) {\n    send(input: $input) {\n      id kind conversation { id }\n      attachment { id url name mimeType size width height }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query MessageFile($id: ID!) { message(id: $id) { id attachment { url mimeType } } }\n"): (typeof documents)["\n  query MessageFile($id: ID!) { message(id: $id) { id attachment { url mimeType } } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription FileEvents {\n    inbox {\n      cursor\n      __typename\n      ... on MessageEvent {\n        message { id attachment { __typename id url name mimeType width height } }\n      }\n    }\n  }\n"): (typeof documents)["\n  subscription FileEvents {\n    inbox {\n      cursor\n      __typename\n      ... on MessageEvent {\n        message { id attachment { __typename id url name mimeType width height } }\n      }\n    }\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;
import { graphql } from './gql';

// Every operation the web chat sends, typed from schema.graphql by `npm run codegen`
// (web/src/gql): a schema change that breaks one fails `npm run typecheck`.

export const UserFields = graphql(`
  fragment UserFields on User {
    id
    username
    displayName
    online
    lastSeenAt
    status
    statusText
  }
`);

export const MessageFields = graphql(`
  fragment MessageFields on Message {
    id
    clientId
    kind
    body
    format
    createdAt
    editedAt
    deletedAt
    receipt {
      delivered
      read
      recipients
    }
    conversation {
      id
    }
    sender {
      id
      username
      displayName
    }
    entities {
      kind
      offset
      length
      url
      user {
        id
        username
      }
    }
    attachment {
      url
      name
      mimeType
      size
      width
      height
    }
    replyTo {
      id
      body
      deletedAt
      sender {
        id
        displayName
      }
    }
    forwardedFrom {
      id
      sender {
        id
        displayName
      }
    }
  }
`);

export const ConversationFields = graphql(`
  fragment ConversationFields on Conversation {
    id
    kind
    title
    isPrivate
    maxMembers
    memberCount
    lastActivityAt
    unreadCount
    description
    mutedUntil
    owner {
      id
    }
    members(first: 2) {
      edges {
        node {
          id
          username
          displayName
          online
          lastSeenAt
          status
          statusText
        }
      }
    }
    lastMessage {
      id
      body
      deletedAt
      sender {
        id
        displayName
      }
    }
  }
`);

export const SignUp = graphql(`
  mutation SignUp($username: String!, $password: String!, $displayName: String) {
    signUp(username: $username, password: $password, displayName: $displayName) {
      token
      user {
        ...UserFields
      }
    }
  }
`);

export const LogIn = graphql(`
  mutation LogIn($username: String!, $password: String!) {
    logIn(username: $username, password: $password) {
      token
      user {
        ...UserFields
      }
    }
  }
`);

export const Me = graphql(`
  query Me {
    me {
      ...UserFields
    }
  }
`);

export const Conversations = graphql(`
  query Conversations {
    conversations(first: 100) {
      edges {
        node {
          ...ConversationFields
        }
      }
    }
  }
`);

export const ConversationById = graphql(`
  query ConversationById($id: ID!) {
    conversation(id: $id) {
      ...ConversationFields
    }
  }
`);

export const People = graphql(`
  query People($presence: PresenceFilter) {
    users(first: 100, presence: $presence) {
      edges {
        node {
          ...UserFields
        }
      }
    }
  }
`);

export const History = graphql(`
  query History($conversationId: ID!, $before: String) {
    messages(conversationId: $conversationId, last: 30, before: $before) {
      edges {
        node {
          ...MessageFields
        }
      }
      pageInfo {
        hasPreviousPage
        startCursor
      }
    }
  }
`);

export const Rooms = graphql(`
  query Rooms($query: String) {
    rooms(first: 50, query: $query) {
      edges {
        node {
          id
          title
          isPrivate
          memberCount
          maxMembers
        }
      }
    }
  }
`);

export const Send = graphql(`
  mutation Send($input: SendInput!) {
    send(input: $input) {
      ...MessageFields
    }
  }
`);

// A multipart request (urql's fetch exchange sends one when the variables hold a File).
export const UploadAttachment = graphql(`
  mutation UploadAttachment($file: File!) {
    uploadAttachment(file: $file) {
      id
      name
      mimeType
      size
      width
      height
    }
  }
`);

export const EditMessage = graphql(`
  mutation EditMessage($id: ID!, $body: String!) {
    editMessage(id: $id, body: $body) {
      ...MessageFields
    }
  }
`);

export const DeleteMessage = graphql(`
  mutation DeleteMessage($id: ID!) {
    deleteMessage(id: $id) {
      ...MessageFields
    }
  }
`);

export const MarkRead = graphql(`
  mutation MarkRead($conversationId: ID!, $upTo: ID) {
    markRead(conversationId: $conversationId, upTo: $upTo) {
      id
      unreadCount
    }
  }
`);

export const CreateRoom = graphql(`
  mutation CreateRoom($title: String!, $isPrivate: Boolean, $maxMembers: Int) {
    createRoom(title: $title, isPrivate: $isPrivate, maxMembers: $maxMembers) {
      ...ConversationFields
    }
  }
`);

export const JoinRoom = graphql(`
  mutation JoinRoom($roomId: ID!) {
    joinRoom(roomId: $roomId) {
      ...ConversationFields
    }
  }
`);

export const LeaveRoom = graphql(`
  mutation LeaveRoom($roomId: ID!) {
    leaveRoom(roomId: $roomId)
  }
`);

export const InviteToRoom = graphql(`
  mutation InviteToRoom($roomId: ID!, $userId: ID!) {
    inviteToRoom(roomId: $roomId, userId: $userId) {
      id
      memberCount
    }
  }
`);

export const Presence = graphql(`
  subscription Presence {
    presence {
      online
      at
      user {
        ...UserFields
      }
    }
  }
`);

export const Inbox = graphql(`
  subscription Inbox($after: String) {
    inbox(after: $after) {
      __typename
      cursor
      at
      ... on MessageEvent {
        message {
          ...MessageFields
        }
      }
      ... on MessageEditedEvent {
        message {
          ...MessageFields
        }
      }
      ... on MessageDeletedEvent {
        message {
          ...MessageFields
        }
      }
      ... on ReadEvent {
        conversation {
          id
          unreadCount
        }
        reader {
          id
        }
        upTo {
          id
          createdAt
        }
      }
      ... on DeliveredEvent {
        conversation {
          id
        }
        recipient {
          id
        }
        upTo {
          id
          createdAt
        }
      }
      ... on RoomDeletedEvent {
        roomId
        title
      }
      ... on MembershipEvent {
        joined
        conversation {
          id
        }
        user {
          id
        }
      }
      ... on BroadcastEvent {
        body
        from {
          id
          displayName
        }
      }
    }
  }
`);

export const Typing = graphql(`
  subscription Typing {
    typing {
      typing
      at
      conversation {
        id
      }
      user {
        id
        displayName
      }
    }
  }
`);

export const SetTyping = graphql(`
  mutation SetTyping($conversationId: ID!, $typing: Boolean) {
    setTyping(conversationId: $conversationId, typing: $typing)
  }
`);

export const SetStatus = graphql(`
  mutation SetStatus($status: UserStatus!, $text: String) {
    setStatus(status: $status, text: $text) {
      ...UserFields
    }
  }
`);

export const MuteConversation = graphql(`
  mutation MuteConversation($conversationId: ID!, $until: DateTime) {
    muteConversation(conversationId: $conversationId, until: $until) {
      id
      mutedUntil
    }
  }
`);

export const SearchMessages = graphql(`
  query SearchMessages($query: String!, $conversationId: ID) {
    searchMessages(query: $query, conversationId: $conversationId, first: 30) {
      edges {
        highlights {
          offset
          length
        }
        node {
          ...MessageFields
        }
      }
    }
  }
`);

export const UpdateRoom = graphql(`
  mutation UpdateRoom(
    $roomId: ID!
    $title: String
    $description: String
    $isPrivate: Boolean
    $maxMembers: Int
  ) {
    updateRoom(
      roomId: $roomId
      title: $title
      description: $description
      isPrivate: $isPrivate
      maxMembers: $maxMembers
    ) {
      ...ConversationFields
    }
  }
`);

export const DeleteRoom = graphql(`
  mutation DeleteRoom($roomId: ID!) {
    deleteRoom(roomId: $roomId)
  }
`);

export const LogOut = graphql(`
  mutation LogOut {
    logOut
  }
`);

import { graphql } from '../gql/index.js';

export const SignUp = graphql(`
  mutation SignUp($username: String!, $password: String!, $displayName: String) {
    signUp(username: $username, password: $password, displayName: $displayName) {
      token
      user { id username displayName role }
    }
  }
`);

export const LogIn = graphql(`
  mutation LogIn($username: String!, $password: String!) {
    logIn(username: $username, password: $password) { token user { id username } }
  }
`);

export const Me = graphql(`
  query Me { me { id username displayName role online lastSeenAt } }
`);

export const UserById = graphql(`
  query UserById($id: ID!) { user(id: $id) { id username online lastSeenAt } }
`);

export const Users = graphql(`
  query Users($presence: PresenceFilter, $first: Int, $after: String, $last: Int, $before: String) {
    users(presence: $presence, first: $first, after: $after, last: $last, before: $before) {
      edges { cursor node { id username online } }
      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    }
  }
`);

export const Send = graphql(`
  mutation Send($input: SendInput!) {
    send(input: $input) {
      id body kind clientId createdAt
      sender { id username }
      conversation { id kind memberCount }
      attachment { url name mimeType size }
      replyTo { id body }
    }
  }
`);

export const Messages = graphql(`
  query Messages(
    $conversationId: ID!, $first: Int, $after: String, $last: Int, $before: String,
    $since: DateTime, $until: DateTime
  ) {
    messages(conversationId: $conversationId, first: $first, after: $after, last: $last,
             before: $before, since: $since, until: $until) {
      edges { cursor node { id body createdAt sender { username } } }
      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    }
  }
`);

export const MessageById = graphql(`
  query MessageById($id: ID!) { message(id: $id) { id body conversation { id } } }
`);

export const NodeById = graphql(`
  query NodeById($id: ID!) {
    node(id: $id) {
      id
      __typename
      ... on User { username }
      ... on Conversation { kind title }
      ... on Message { body }
    }
  }
`);

export const Conversations = graphql(`
  query Conversations($first: Int, $after: String, $last: Int, $before: String) {
    conversations(first: $first, after: $after, last: $last, before: $before) {
      edges {
        cursor
        node {
          id kind title memberCount unreadCount lastActivityAt
          lastMessage { id body }
          members(first: 10) { edges { node { username } } }
        }
      }
      pageInfo { hasNextPage hasPreviousPage endCursor }
    }
  }
`);

export const ConversationById = graphql(`
  query ConversationById($id: ID!) {
    conversation(id: $id) {
      id kind title isPrivate maxMembers memberCount unreadCount
      owner { username }
      lastMessage { body }
      messages(last: 5) { edges { node { body } } }
    }
  }
`);

export const MarkRead = graphql(`
  mutation MarkRead($conversationId: ID!, $upTo: ID) {
    markRead(conversationId: $conversationId, upTo: $upTo) { id unreadCount }
  }
`);

export const UnreadCounts = graphql(`
  query UnreadCounts {
    unreadCounts { total conversations { count conversation { id } } }
  }
`);

export const Search = graphql(`
  query Search($query: String!, $conversationId: ID, $first: Int, $after: String) {
    searchMessages(query: $query, conversationId: $conversationId, first: $first, after: $after) {
      edges { node { id body } }
      pageInfo { hasNextPage endCursor }
    }
  }
`);

export const CreateRoom = graphql(`
  mutation CreateRoom($title: String!, $isPrivate: Boolean, $maxMembers: Int) {
    createRoom(title: $title, isPrivate: $isPrivate, maxMembers: $maxMembers) {
      id title isPrivate maxMembers memberCount owner { username }
    }
  }
`);

export const JoinRoom = graphql(`
  mutation JoinRoom($roomId: ID!) { joinRoom(roomId: $roomId) { id memberCount } }
`);

export const LeaveRoom = graphql(`
  mutation LeaveRoom($roomId: ID!) { leaveRoom(roomId: $roomId) }
`);

export const InviteToRoom = graphql(`
  mutation InviteToRoom($roomId: ID!, $userId: ID!) { inviteToRoom(roomId: $roomId, userId: $userId) { id memberCount } }
`);

export const RemoveFromRoom = graphql(`
  mutation RemoveFromRoom($roomId: ID!, $userId: ID!) { removeFromRoom(roomId: $roomId, userId: $userId) { id memberCount } }
`);

export const RenameRoom = graphql(`
  mutation RenameRoom($roomId: ID!, $title: String!) { renameRoom(roomId: $roomId, title: $title) { id title } }
`);

export const Rooms = graphql(`
  query Rooms($query: String, $first: Int, $after: String) {
    rooms(query: $query, first: $first, after: $after) {
      edges { node { id title memberCount isPrivate } }
      pageInfo { hasNextPage endCursor }
    }
  }
`);

export const Broadcast = graphql(`
  mutation Broadcast($body: String!, $toUserIds: [ID!]) { broadcast(body: $body, toUserIds: $toUserIds) { recipients } }
`);

export const Inbox = graphql(`
  subscription Inbox($after: String) {
    inbox(after: $after) {
      __typename
      cursor
      at
      ... on MessageEvent { message { id body clientId sender { username } conversation { id } } }
      ... on ReadEvent { conversation { id } reader { username } upTo { id } }
      ... on MembershipEvent { conversation { id } user { username } joined }
      ... on BroadcastEvent { body from { username } }
    }
  }
`);

export const PresenceChanges = graphql(`
  subscription PresenceChanges { presence { user { username } online at } }
`);

export const RoomDetails = graphql(`
  query RoomDetails($id: ID!) {
    conversation(id: $id) {
      id kind title isPrivate maxMembers memberCount
      owner { username }
      members(first: 100) { edges { node { username } } }
    }
  }
`);

export const ConversationHistory = graphql(`
  query ConversationHistory(
    $id: ID!, $first: Int, $after: String, $last: Int, $before: String,
    $since: DateTime, $until: DateTime
  ) {
    conversation(id: $id) {
      id
      messages(first: $first, after: $after, last: $last, before: $before, since: $since, until: $until) {
        edges { cursor node { id body createdAt } }
        pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
      }
    }
  }
`);

export const ConversationMembers = graphql(`
  query ConversationMembers($id: ID!, $first: Int, $after: String) {
    conversation(id: $id) {
      id memberCount
      members(first: $first, after: $after) {
        edges { cursor node { username } }
        pageInfo { hasNextPage endCursor }
      }
    }
  }
`);

export const UnreadState = graphql(`
  query UnreadState {
    unreadCounts { total conversations { count conversation { id } } }
    conversations(first: 100) { edges { node { id unreadCount } } }
  }
`);

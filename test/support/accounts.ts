import { graphql } from '../gql/index.js';
import { dataOf, request } from './client.js';
import { SignUp } from './documents.js';
import type { TestServer } from './server.js';
import { asUser, type TestUser } from './users.js';

// Documents and helpers of the specs of accounts, room management, commands and stats.

export const LogOut = graphql(`
  mutation LogOut { logOut }
`);

export const LogOutEverywhere = graphql(`
  mutation LogOutEverywhere { logOutEverywhere }
`);

export const ChangePassword = graphql(`
  mutation ChangePassword($current: String!, $new: String!) {
    changePassword(current: $current, new: $new) { token user { id username } }
  }
`);

export const ForceLogOut = graphql(`
  mutation ForceLogOut($userId: ID!) { forceLogOut(userId: $userId) }
`);

export const SuspendUser = graphql(`
  mutation SuspendUser($userId: ID!, $until: DateTime) {
    suspendUser(userId: $userId, until: $until) { id suspendedUntil }
  }
`);

export const UpdateProfile = graphql(`
  mutation UpdateProfile($displayName: String!) {
    updateProfile(displayName: $displayName) { id displayName }
  }
`);

export const UpdateRoom = graphql(`
  mutation UpdateRoom(
    $roomId: ID!, $title: String, $description: String, $isPrivate: Boolean, $maxMembers: Int
  ) {
    updateRoom(roomId: $roomId, title: $title, description: $description,
               isPrivate: $isPrivate, maxMembers: $maxMembers) {
      id title description isPrivate maxMembers memberCount owner { username }
    }
  }
`);

export const TransferRoom = graphql(`
  mutation TransferRoom($roomId: ID!, $userId: ID!) {
    transferRoom(roomId: $roomId, userId: $userId) { id owner { username } }
  }
`);

export const DeleteRoom = graphql(`
  mutation DeleteRoom($roomId: ID!) { deleteRoom(roomId: $roomId) }
`);

export const SendCommand = graphql(`
  mutation SendCommand($command: String!, $payload: JSON, $toUserIds: [ID!]) {
    sendCommand(command: $command, payload: $payload, toUserIds: $toUserIds) { recipients }
  }
`);

export const StatsQuery = graphql(`
  query Stats($since: DateTime, $until: DateTime) {
    stats(since: $since, until: $until) {
      users onlineNow rooms messages
      days { day messages activeUsers newUsers }
    }
  }
`);

export const AdminInbox = graphql(`
  subscription AdminInbox($after: String) {
    inbox(after: $after) {
      __typename
      cursor
      ... on MessageEvent { message { id body deletedAt sender { displayName } conversation { id title } } }
      ... on RoomDeletedEvent { roomId title }
      ... on SystemCommandEvent { command payload }
    }
  }
`);

export const HistoryWithNames = graphql(`
  query HistoryWithNames($conversationId: ID!) {
    messages(conversationId: $conversationId, last: 20) {
      edges { node { body sender { displayName } } }
    }
  }
`);

/** Signs up a user named in ADMIN_USERNAMES. */
export async function signUpAdmin(server: TestServer, username: string): Promise<TestUser> {
  const { signUp } = dataOf(
    await request(server.httpUrl, SignUp, { username, password: 'password123' }),
  );
  if (signUp.user.role !== 'ADMIN') throw new Error(`${username} is not an admin`);
  return asUser(server, { id: signUp.user.id, username, token: signUp.token });
}

/** Another session (device) of the same user: a token of its own. */
export async function anotherSession(server: TestServer, user: TestUser): Promise<TestUser> {
  const { logIn } = dataOf(
    await request(server.httpUrl, LogIn, { username: user.username, password: 'password123' }),
  );
  return asUser(server, { id: user.id, username: user.username, token: logIn.token });
}

const LogIn = graphql(`
  mutation LogInAgain($username: String!, $password: String!) {
    logIn(username: $username, password: $password) { token }
  }
`);

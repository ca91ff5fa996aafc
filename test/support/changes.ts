import { expect } from 'vitest';
import type { ChangesInboxSubscription } from '../gql/graphql.js';
import { graphql } from '../gql/index.js';
import { dataOf, request, type Socket, type Subscription } from './client.js';
import { CreateRoom, JoinRoom, Send, SignUp } from './documents.js';
import type { TestServer } from './server.js';
import { asUser, type TestUser } from './users.js';

// Documents and helpers of the specs of messages that change (edits, recalls).

export const EditMessage = graphql(`
  mutation EditMessage($id: ID!, $body: String!) {
    editMessage(id: $id, body: $body) {
      id body editedAt createdAt deletedAt
      edits { body editedAt }
    }
  }
`);

export const DeleteMessage = graphql(`
  mutation DeleteMessage($id: ID!) {
    deleteMessage(id: $id) { id body deletedAt attachment { url } edits { body } }
  }
`);

/** What a client keeps of a message, on every read path the specs compare. */
export const MessageState = graphql(`
  fragment MessageState on Message {
    id body editedAt deletedAt attachment { url } edits { body editedAt }
  }
`);

export const ChangesHistory = graphql(`
  query ChangesHistory($conversationId: ID!) {
    messages(conversationId: $conversationId, last: 100) {
      edges { node { ...MessageState } }
    }
  }
`);

export const ChangesInbox = graphql(`
  subscription ChangesInbox($after: String) {
    inbox(after: $after) {
      __typename
      cursor
      ... on MessageEvent { message { ...MessageState } }
      ... on MessageEditedEvent { message { ...MessageState } }
      ... on MessageDeletedEvent { message { ...MessageState } }
    }
  }
`);

export type ChangeEvent = ChangesInboxSubscription['inbox'];

const MESSAGE_KINDS = ['MessageEvent', 'MessageEditedEvent', 'MessageDeletedEvent'];

/** The events about messages, without the others (memberships, reads). */
export const aboutMessages = (events: ChangeEvent[]) =>
  events.filter((e) => MESSAGE_KINDS.includes(e.__typename));

/** The last state of each message the events showed, in the order they first appeared. */
export function replayed(events: ChangeEvent[]): unknown[] {
  const state = new Map<string, unknown>();
  for (const e of events) if ('message' in e) state.set(e.message.id, e.message);
  return [...state.values()];
}

/** Inbox subscriptions on new devices, closed by `closeAll`. */
export function devices() {
  const sockets: Socket[] = [];
  return {
    inbox(user: TestUser, after?: string): Subscription<ChangesInboxSubscription> {
      const socket = user.device();
      sockets.push(socket);
      return socket.subscribe(ChangesInbox, after ? { after } : {});
    },
    closeAll: () => Promise.all(sockets.splice(0).map((s) => s.close())),
  };
}

/** Every event so far up to and including the first that matches. */
export async function until(
  sub: Subscription<ChangesInboxSubscription>,
  match: (e: ChangeEvent) => boolean,
): Promise<ChangeEvent[]> {
  for (let n = 1; ; n++) {
    const events = (await sub.waitFor(n)).map((r) => r.inbox);
    if (match(events[n - 1] as ChangeEvent)) return events;
  }
}

export const isEvent = (typename: string, id: string) => (e: ChangeEvent) =>
  e.__typename === typename && 'message' in e && e.message.id === id;

/** Signs up a user listed in the server's ADMIN_USERNAMES. */
export async function signUpAdmin(server: TestServer, username: string): Promise<TestUser> {
  const { signUp: auth } = dataOf(
    await request(server.httpUrl, SignUp, { username, password: 'password123' }),
  );
  expect(auth.user.role).toBe('ADMIN');
  return asUser(server, { id: auth.user.id, username, token: auth.token });
}

/** A public room owned by `owner` with the others as members; its id. */
export async function roomOf(owner: TestUser, ...others: TestUser[]): Promise<string> {
  const { createRoom } = await owner.ok(CreateRoom, { title: `changes of ${owner.username}` });
  for (const other of others) await other.ok(JoinRoom, { roomId: createRoom.id });
  return createRoom.id;
}

export const say = async (from: TestUser, conversationId: string, body: string) =>
  (await from.ok(Send, { input: { conversationId, body } })).send;

/** The state of a conversation's messages as a fresh history query shows them. */
export async function historyOf(user: TestUser, conversationId: string) {
  return (await user.ok(ChangesHistory, { conversationId })).messages.edges.map((e) => e.node);
}

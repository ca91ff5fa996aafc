import { expect } from 'vitest';
import { graphql } from '../gql/index.js';
import type { Subscription } from './client.js';
import type { TestServer } from './server.js';

export const SetTyping = graphql(`
  mutation SetTyping($conversationId: ID!, $typing: Boolean) {
    setTyping(conversationId: $conversationId, typing: $typing)
  }
`);

export const TypingChanges = graphql(`
  subscription TypingChanges($conversationId: ID) {
    typing(conversationId: $conversationId) { typing at user { username } conversation { id } }
  }
`);

export const SetStatus = graphql(`
  mutation SetStatus($status: UserStatus!, $text: String) {
    setStatus(status: $status, text: $text) { id username status statusText online }
  }
`);

export const UserStatusById = graphql(`
  query UserStatusById($id: ID!) { user(id: $id) { id status statusText online } }
`);

export const PresenceWithStatus = graphql(`
  subscription PresenceWithStatus {
    presence { user { username } online status statusText at }
  }
`);

export const MuteConversation = graphql(`
  mutation MuteConversation($conversationId: ID!, $until: DateTime) {
    muteConversation(conversationId: $conversationId, until: $until) { id mutedUntil }
  }
`);

export const MutedUntil = graphql(`
  query MutedUntil($id: ID!) { conversation(id: $id) { id mutedUntil } }
`);

export const NotifyInbox = graphql(`
  subscription NotifyInbox($after: String) {
    inbox(after: $after) {
      __typename cursor
      ... on MessageEvent { notify message { id body sender { username } } }
    }
  }
`);

export interface TypingSeen {
  typing: { typing: boolean; at: string; user: { username: string }; conversation: { id: string } };
}

/** `who:true` / `who:false` for each typing event received, in order. */
export const typingLog = (sub: Subscription<TypingSeen>) =>
  sub.received.map((e) => `${e.typing.user.username}:${e.typing.typing}`);

/** Waits until the server holds `count` typing subscriptions (they subscribe on the first event). */
export async function typingListeners(server: Pick<TestServer, 'app'>, count: number) {
  await expect.poll(() => server.app.deps.typing.listeners(), { timeout: 10_000 }).toBe(count);
}

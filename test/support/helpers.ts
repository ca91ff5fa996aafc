import { expect } from 'vitest';
import { encodeGlobalId } from '../../src/schema/global-id.js';
import type { InboxSubscription } from '../gql/graphql.js';
import { codeOf, type Result, type Subscription } from './client.js';
import { CreateRoom, JoinRoom } from './documents.js';
import type { TestUser } from './users.js';

/** A global id as the server makes them, for ids the tests pick (unknown rows, wrong types). */
export const globalId = (type: string, id: number) => encodeGlobalId(type, id);

/** Base64url of any text: a cursor or id a client could forge. */
export const crafted = (text: string) => Buffer.from(text).toString('base64url');

/** The error code, after checking the message leaks nothing of the server's insides. */
export function refusal(result: Result<unknown>): string | undefined {
  const code = codeOf(result);
  for (const error of result.errors ?? []) {
    expect(error.message).not.toMatch(
      /select |insert |update |postgres|pglite|violates|syntax error|timestamp|bigint|\bat .*\.[jt]s/i,
    );
    expect(error.extensions ?? {}).not.toHaveProperty('stacktrace');
  }
  return code;
}

/** A public room titled `title`, owned by `owner`, that `others` joined. */
export async function titledRoom(
  owner: TestUser,
  title: string,
  ...others: TestUser[]
): Promise<string> {
  const { createRoom } = await owner.ok(CreateRoom, { title });
  for (const other of others) await other.ok(JoinRoom, { roomId: createRoom.id });
  return createRoom.id;
}

/** A public room owned by `owner` that `others` joined. */
export const room = (owner: TestUser, ...others: TestUser[]) =>
  titledRoom(owner, `room of ${owner.username}`, ...others);

export type InboxEvent = InboxSubscription['inbox'];

/** Every inbox event so far, up to and including the first one that matches. */
export async function until(
  sub: Subscription<InboxSubscription>,
  match: (e: InboxEvent) => boolean,
): Promise<InboxEvent[]> {
  for (let n = 1; ; n++) {
    const events = (await sub.waitFor(n)).map((r) => r.inbox);
    if (match(events[n - 1] as InboxEvent)) return events;
  }
}

import { expect } from 'vitest';
import { encodeGlobalId } from '../../src/schema/global-id.js';
import { codeOf, type Result } from './client.js';
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

import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { connect, dataOf, type Result, request, type Socket } from './client.js';
import { SignUp } from './documents.js';
import type { TestServer } from './server.js';

let counter = 0;

export interface TestUser {
  id: string;
  username: string;
  token: string;
  /** A request as this user. */
  run<R, V>(document: TypedDocumentNode<R, V>, variables?: V): Promise<Result<R>>;
  /** A request as this user that must succeed. */
  ok<R, V>(document: TypedDocumentNode<R, V>, variables?: V): Promise<R>;
  /** A new WebSocket device of this user. */
  device(): Socket;
}

export function asUser(
  server: Pick<TestServer, 'httpUrl' | 'wsUrl'>,
  user: { id: string; username: string; token: string },
): TestUser {
  return {
    ...user,
    run: (document, variables) => request(server.httpUrl, document, variables, user.token),
    ok: async (document, variables) =>
      dataOf(await request(server.httpUrl, document, variables, user.token)),
    device: () => connect(server.wsUrl, { authorization: `Bearer ${user.token}` }),
  };
}

/** Signs up a new user with a unique name (prefix kept readable in failures). */
export async function signUp(
  server: Pick<TestServer, 'httpUrl' | 'wsUrl'>,
  prefix = 'user',
): Promise<TestUser> {
  counter += 1;
  const username = `${prefix}${counter}_${process.pid % 1000}`;
  const { signUp: auth } = dataOf(
    await request(server.httpUrl, SignUp, { username, password: 'password123' }),
  );
  return asUser(server, { id: auth.user.id, username, token: auth.token });
}

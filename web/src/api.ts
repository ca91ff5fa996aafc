import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import {
  Client,
  type CombinedError,
  fetchExchange,
  type OperationResult,
  subscriptionExchange,
} from '@urql/core';
import { createClient, type Client as SocketClient } from 'graphql-ws';
import { chatSocketOptions } from '../../examples/resumable-inbox';

/** A server error with its `extensions.code` (BAD_USER_INPUT, FORBIDDEN, CONFLICT…). */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly code: string | undefined,
    /** RATE_LIMITED: when the same request would pass. */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }
}

export function errorOf(error: CombinedError): ApiError {
  const first = error.graphQLErrors[0];
  if (first) {
    const { code, retryAfterSeconds } = first.extensions ?? {};
    return new ApiError(
      first.message,
      code as string | undefined,
      retryAfterSeconds as number | undefined,
    );
  }
  return new ApiError(
    error.networkError ? 'The server cannot be reached' : error.message,
    undefined,
  );
}

function unwrap<R>(result: OperationResult<R>): R {
  if (result.error) throw errorOf(result.error);
  if (!result.data) throw new ApiError('No answer', undefined);
  return result.data;
}

const httpUrl = () => new URL('/graphql', location.href).toString();
const wsUrl = () => httpUrl().replace(/^http/, 'ws');

/** Signing up and in: plain HTTP, no token, no socket. */
export async function anonymous<R, V extends object>(
  document: TypedDocumentNode<R, V>,
  variables: V,
): Promise<R> {
  const client = new Client({ url: httpUrl(), exchanges: [fetchExchange] });
  return unwrap(await client.mutation(document, variables).toPromise());
}

export type SocketState = 'connecting' | 'connected' | 'reconnecting';

/**
 * A signed-in connection: urql over HTTP for queries and mutations, over the graphql-ws socket
 * for subscriptions (inbox, presence). A mutation whose variables hold a File goes as a GraphQL
 * multipart request: urql's fetch exchange does that by itself (no extra exchange). No urql cache: the app keeps its own state (chat.ts),
 * updated from the inbox, so every query goes to the server.
 */
export interface Api {
  socket: SocketClient;
  urql: Client;
  query<R, V extends object>(document: TypedDocumentNode<R, V>, variables: V): Promise<R>;
  mutate<R, V extends object>(document: TypedDocumentNode<R, V>, variables: V): Promise<R>;
  close(): void;
}

export function connectApi(options: {
  token: string;
  onSocketState(state: SocketState): void;
  onSignInRequired(): void;
}): Api {
  const socket = createClient({
    ...chatSocketOptions({
      url: wsUrl(),
      token: () => options.token,
      onSignInRequired: options.onSignInRequired,
    }),
  });
  let everConnected = false;
  socket.on('connecting', () =>
    options.onSocketState(everConnected ? 'reconnecting' : 'connecting'),
  );
  socket.on('connected', () => {
    everConnected = true;
    options.onSocketState('connected');
  });
  socket.on('closed', () => {
    if (everConnected) options.onSocketState('reconnecting');
  });
  const urql = new Client({
    url: httpUrl(),
    requestPolicy: 'network-only',
    fetchOptions: () => ({ headers: { authorization: `Bearer ${options.token}` } }),
    exchanges: [
      fetchExchange,
      subscriptionExchange({
        forwardSubscription: (request) => ({
          subscribe: (sink) => ({
            unsubscribe: socket.subscribe({ ...request, query: request.query ?? '' }, sink),
          }),
        }),
      }),
    ],
  });
  return {
    socket,
    urql,
    query: async (document, variables) => unwrap(await urql.query(document, variables).toPromise()),
    mutate: async (document, variables) =>
      unwrap(await urql.mutation(document, variables).toPromise()),
    close: () => void socket.dispose(),
  };
}

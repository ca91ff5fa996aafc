import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { type GraphQLFormattedError, print } from 'graphql';
import { createClient, type Client as WsClient } from 'graphql-ws';
import WebSocket from 'ws';

export interface Result<R> {
  data?: R | null;
  errors?: GraphQLFormattedError[];
}

/** GraphQL over HTTP as a client app would send it. */
export async function request<R, V>(
  url: string,
  document: TypedDocumentNode<R, V>,
  variables?: V,
  token?: string,
): Promise<Result<R>> {
  const post = () =>
    fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/graphql-response+json, application/json',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: JSON.stringify({ query: print(document), variables }),
    });
  // A kept-alive connection the server closes for idleness just as the next request goes out
  // is reset before the server read that request (Node's keep-alive race, wider on a loaded
  // machine): browsers send it again on a new connection, and so does this client, once.
  const response = await post().catch((error: Error & { cause?: { code?: string } }) => {
    if (error.cause?.code === 'ECONNRESET') return post();
    throw error;
  });
  return (await response.json()) as Result<R>;
}

/** The error code of a result that must have failed. */
export function codeOf(result: Result<unknown>): string | undefined {
  if (!result.errors?.length)
    throw new Error(`expected an error, got ${JSON.stringify(result.data)}`);
  return result.errors[0]?.extensions?.code as string | undefined;
}

/** The data of a result that must have succeeded. */
export function dataOf<R>(result: Result<R>): R {
  if (result.errors?.length || !result.data)
    throw new Error(`GraphQL errors: ${JSON.stringify(result.errors)}`);
  return result.data;
}

export interface Subscription<R> {
  /** Everything received so far. */
  received: R[];
  /** Resolves once `count` results have arrived in total. */
  waitFor(count: number, timeoutMs?: number): Promise<R[]>;
  /** Errors the server sent for this operation. */
  errors: unknown[];
  completed: Promise<void>;
  dispose(): void;
}

export interface Socket {
  client: WsClient;
  /** Resolves when the server acknowledged the connection (the device counts as online). */
  ready: Promise<void>;
  /** Resolves with the close code when the socket closes. */
  closed: Promise<{ code: number; reason: string }>;
  subscribe<R, V>(document: TypedDocumentNode<R, V>, variables?: V): Subscription<R>;
  close(): Promise<void>;
}

/** A real graphql-ws connection (one device). */
export function connect(
  wsUrl: string,
  connectionParams: Record<string, unknown> | undefined,
  /** Headers of the upgrade request (X-Forwarded-For, as a proxy adds it). */
  headers?: Record<string, string>,
): Socket {
  let resolveClosed!: (value: { code: number; reason: string }) => void;
  const closed = new Promise<{ code: number; reason: string }>((resolve) => {
    resolveClosed = resolve;
  });
  let resolveReady!: () => void;
  const ready = new Promise<void>((resolve) => {
    resolveReady = resolve;
  });
  const client = createClient({
    url: wsUrl,
    webSocketImpl: headers
      ? class extends WebSocket {
          constructor(url: string, protocols?: string | string[]) {
            super(url, protocols, { headers });
          }
        }
      : WebSocket,
    connectionParams,
    lazy: false,
    retryAttempts: 0,
    onNonLazyError: () => {},
    on: {
      connected: () => resolveReady(),
      closed: (event) => {
        const e = event as { code?: number; reason?: string };
        resolveClosed({ code: e.code ?? 0, reason: String(e.reason ?? '') });
      },
    },
  });
  return {
    client,
    ready,
    closed,
    subscribe<R, V>(document: TypedDocumentNode<R, V>, variables?: V): Subscription<R> {
      const received: R[] = [];
      const errors: unknown[] = [];
      const waiters: { count: number; resolve: (r: R[]) => void }[] = [];
      let done!: () => void;
      const completed = new Promise<void>((resolve) => {
        done = resolve;
      });
      const dispose = client.subscribe<R>(
        { query: print(document), variables: (variables ?? {}) as Record<string, unknown> },
        {
          next: (result) => {
            if (result.errors) errors.push(...result.errors);
            if (result.data) received.push(result.data as R);
            for (const w of [...waiters]) {
              if (received.length >= w.count) {
                waiters.splice(waiters.indexOf(w), 1);
                w.resolve(received.slice(0, w.count));
              }
            }
          },
          error: (error) => {
            errors.push(error);
            done();
          },
          complete: () => done(),
        },
      );
      return {
        received,
        errors,
        completed,
        dispose,
        waitFor(count, timeoutMs = 15_000) {
          if (received.length >= count) return Promise.resolve(received.slice(0, count));
          return new Promise((resolve, reject) => {
            const timer = setTimeout(
              () =>
                reject(
                  new Error(
                    `waited for ${count} results, got ${received.length}: ${JSON.stringify(errors).slice(0, 500)}`,
                  ),
                ),
              timeoutMs,
            );
            waiters.push({
              count,
              resolve: (r) => {
                clearTimeout(timer);
                resolve(r);
              },
            });
          });
        },
      };
    },
    async close() {
      await client.dispose();
    },
  };
}

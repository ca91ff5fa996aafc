import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { type GraphQLFormattedError, print } from 'graphql';
import { createClient } from 'graphql-ws';
import { graphql } from '../gql/index.js';
import { request } from '../support/client.js';
import { type ClientLibrary, describeClient, type InboxEvent, type Outcome } from './scenario.js';

// Documents typed by GraphQL Code Generator's client preset (codegen.ts, `npm run codegen`):
// results and variables are checked by the compiler against schema.graphql. Sent as a
// typed app sends them: print(document) over HTTP and over graphql-ws.

const TypedSignUp = graphql(`
  mutation TypedSignUp($username: String!, $password: String!) {
    signUp(username: $username, password: $password) { token user { id } }
  }
`);

const TypedLogIn = graphql(`
  mutation TypedLogIn($username: String!, $password: String!) {
    logIn(username: $username, password: $password) { token user { id } }
  }
`);

const TypedSend = graphql(`
  mutation TypedSend($input: SendInput!) { send(input: $input) { id } }
`);

const TypedMe = graphql(`
  query TypedMe { me { username } }
`);

const TypedInbox = graphql(`
  subscription TypedInbox($after: String) {
    inbox(after: $after) {
      __typename
      cursor
      ... on MessageEvent { message { id body sender { username } } }
    }
  }
`);

const outcome = <R, T>(
  result: { data?: R | null; errors?: readonly GraphQLFormattedError[] },
  pick: (data: R) => T,
): Outcome<T> =>
  result.errors?.length || !result.data
    ? { codes: (result.errors ?? []).map((e) => e.extensions?.code) }
    : { ok: pick(result.data) };

/** One typed subscription over graphql-ws: R and V come from the document. */
function subscribeTyped<R, V extends Record<string, unknown>>(
  socket: ReturnType<typeof createClient>,
  document: TypedDocumentNode<R, V>,
  variables: V,
  sink: { next(data: R): void; error(error: unknown): void },
) {
  return socket.subscribe<R>(
    { query: print(document), variables },
    {
      // Errors as examples/graphql-ws-inbox.ts gives them: the GraphQL errors, or the socket's.
      next: (result) => {
        if (result.errors?.length) sink.error(result.errors);
        else if (result.data) sink.next(result.data);
      },
      error: sink.error,
      complete: () => {},
    },
  );
}

const signedUp = (username: string, payload: { token: string; user: { id: string } }) => ({
  token: payload.token,
  userId: payload.user.id,
  username,
});

const library: ClientLibrary = {
  signUp: async (urls, username, password) =>
    outcome(await request(urls.httpUrl, TypedSignUp, { username, password }), (data) =>
      signedUp(username, data.signUp),
    ),
  logIn: async (urls, username, password) =>
    outcome(await request(urls.httpUrl, TypedLogIn, { username, password }), (data) =>
      signedUp(username, data.logIn),
    ),
  signedIn(urls, token, socketOptions) {
    const socket = createClient(socketOptions);
    return {
      socket,
      send: async (toUserId, body) =>
        outcome(
          await request(urls.httpUrl, TypedSend, { input: { toUserId, body } }, token),
          (data) => ({ id: data.send.id }),
        ),
      me: async () =>
        outcome(await request(urls.httpUrl, TypedMe, {}, token), (data) => ({
          username: data.me.username,
        })),
      subscribeInbox: (variables, sink) =>
        subscribeTyped(socket, TypedInbox, variables, {
          next: ({ inbox }) => {
            const event: InboxEvent = { cursor: inbox.cursor };
            if (inbox.__typename === 'MessageEvent') {
              const { id, body, sender } = inbox.message;
              event.message = { id, body, sender: { username: sender?.username ?? '' } };
            }
            sink.next(event);
          },
          error: sink.error,
        }),
      close: async () => {
        await socket.dispose();
      },
    };
  },
};

describeClient('codegen client preset documents', library);

import { ApolloClient, CombinedGraphQLErrors, gql, HttpLink, InMemoryCache } from '@apollo/client';
import { type ClientOptions, createClient } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { apolloChatClient, apolloInbox } from '../../examples/apollo-inbox.js';
import { chatSocketOptions, resumableInbox } from '../../examples/resumable-inbox.js';
import introspection from '../gql/possible-types.js';
import { type Storage, startServer, type TestServer } from '../support/server.js';
import { INBOX, LOG_IN, ME, SEND, SIGN_UP } from './operations.js';
import {
  type Auth,
  type ClientLibrary,
  describeClient,
  type InboxEvent,
  type Outcome,
  type Urls,
} from './scenario.js';

// Apollo Client 4 as a chat app wires it (examples/apollo-inbox.ts, shown in the README):
// queries and mutations over HTTP, subscriptions over graphql-ws (a split link), an
// InMemoryCache that normalizes Message, User and Conversation.

const [SignUp, LogIn, Send, Me, Inbox] = [SIGN_UP, LOG_IN, SEND, ME, INBOX].map((text) =>
  gql(text),
) as [
  ReturnType<typeof gql>,
  ReturnType<typeof gql>,
  ReturnType<typeof gql>,
  ReturnType<typeof gql>,
  ReturnType<typeof gql>,
];

const CACHED_MESSAGE =
  'fragment CachedMessage on Message { body sender { username } conversation { id } }';

interface AuthPayload {
  token: string;
  user: { id: string; username: string };
}

/** Apollo rejects with CombinedGraphQLErrors; each error keeps its extensions.code. */
function refused(error: unknown): { codes: unknown[] } {
  if (CombinedGraphQLErrors.is(error))
    return { codes: error.errors.map((e) => e.extensions?.code) };
  throw error;
}

/** The client of someone not signed in yet: HTTP alone. */
const anonymousClient = (urls: Urls) =>
  new ApolloClient({ link: new HttpLink({ uri: urls.httpUrl }), cache: new InMemoryCache() });

async function authenticate(
  urls: Urls,
  mutation: typeof SignUp,
  username: string,
  password: string,
): Promise<Outcome<Auth>> {
  const apollo = anonymousClient(urls);
  try {
    const { data } = await apollo.mutate<Record<string, AuthPayload>>({
      mutation,
      variables: { username, password },
    });
    const payload = Object.values(data ?? {})[0] as AuthPayload;
    return { ok: { token: payload.token, userId: payload.user.id, username } };
  } catch (error) {
    return refused(error);
  } finally {
    apollo.stop();
  }
}

function signedIn(urls: Urls, token: string, socketOptions: ClientOptions) {
  const socket = createClient(socketOptions);
  // As the README shows it (examples/apollo-inbox.ts).
  const apollo = apolloChatClient({
    httpUrl: urls.httpUrl,
    token,
    socket,
    possibleTypes: introspection.possibleTypes,
  });
  return {
    apollo,
    socket,
    async send(toUserId: string, body: string) {
      try {
        const { data } = await apollo.mutate<{ send: { id: string } }>({
          mutation: Send,
          variables: { toUserId, body },
        });
        return { ok: { id: data?.send.id ?? '' } };
      } catch (error) {
        return refused(error);
      }
    },
    async me() {
      try {
        const { data } = await apollo.query<{ me: { username: string } }>({
          query: Me,
          fetchPolicy: 'network-only',
        });
        return { ok: { username: data?.me.username ?? '' } };
      } catch (error) {
        return refused(error);
      }
    },
    subscribeInbox: apolloInbox<InboxEvent>(apollo, Inbox),
    async close() {
      apollo.stop();
      await socket.dispose();
    },
  };
}

const library: ClientLibrary = {
  signUp: (urls, username, password) => authenticate(urls, SignUp, username, password),
  logIn: (urls, username, password) => authenticate(urls, LogIn, username, password),
  signedIn,
};

describeClient('Apollo Client', library);

describe('Apollo Client cache', () => {
  let server: TestServer & { storage: Storage };
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(() => server.stop());

  it('normalizes the Message, its sender and its conversation from the inbox', async () => {
    const users: Auth[] = [];
    for (const name of ['cara', 'dino']) {
      const outcome = await library.signUp(server, `${name}_${process.pid % 1000}`, 'password123');
      if ('codes' in outcome) throw new Error(String(outcome.codes));
      users.push(outcome.ok);
    }
    const [cara, dino] = users as [Auth, Auth];
    const dinoApp = signedIn(server, dino.token, {
      ...chatSocketOptions({ url: server.wsUrl, token: () => dino.token, onSignInRequired() {} }),
      webSocketImpl: WebSocket,
    });
    const caraApp = signedIn(server, cara.token, {
      ...chatSocketOptions({ url: server.wsUrl, token: () => cara.token, onSignInRequired() {} }),
      webSocketImpl: WebSocket,
    });
    try {
      const received: InboxEvent[] = [];
      const inbox = resumableInbox({
        socket: dinoApp.socket,
        subscribe: dinoApp.subscribeInbox,
        onEvent: (event) => received.push(event),
      });
      const sent = await caraApp.send(dino.userId, 'cached?');
      if ('codes' in sent) throw new Error(String(sent.codes));
      await expect.poll(() => received.some((e) => e.message?.id === sent.ok.id)).toBe(true);
      inbox.stop();

      const { cache } = dinoApp.apollo;
      const message = cache.readFragment<{
        body: string;
        sender: { username: string };
        conversation: { id: string };
      }>({
        id: cache.identify({ __typename: 'Message', id: sent.ok.id }),
        fragment: gql(CACHED_MESSAGE),
      });
      expect(message?.body).toBe('cached?');
      const stored = cache.extract();
      expect(stored).toHaveProperty([`User:${cara.userId}`, 'username'], cara.username);
      expect(stored).toHaveProperty(`Conversation:${message?.conversation.id}`);
      // The message points at its sender by reference: one User entry, not a copy per message.
      expect(stored).toHaveProperty([`Message:${sent.ok.id}`, 'sender'], {
        __ref: `User:${cara.userId}`,
      });
    } finally {
      await Promise.all([dinoApp.close(), caraApp.close()]);
    }
  });
});

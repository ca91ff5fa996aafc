import { Client, type CombinedError, cacheExchange, fetchExchange } from '@urql/core';
import { createClient } from 'graphql-ws';
import { urqlChatClient, urqlInbox } from '../../examples/urql-inbox.js';
import { INBOX, LOG_IN, ME, SEND, SIGN_UP } from './operations.js';
import {
  type Auth,
  type ClientLibrary,
  describeClient,
  type InboxEvent,
  type Outcome,
  type Urls,
} from './scenario.js';

// urql 6 as a chat app wires it (examples/urql-inbox.ts, shown in the README): fetchExchange
// for queries and mutations, subscriptionExchange over the graphql-ws client for the inbox.

interface AuthPayload {
  token: string;
  user: { id: string; username: string };
}

/** urql puts the server's errors in CombinedError.graphQLErrors, each with its extensions. */
const refused = (error: CombinedError) => ({
  codes: error.graphQLErrors.map((e) => e.extensions?.code),
});

const anonymous = (urls: Urls) =>
  new Client({ url: urls.httpUrl, exchanges: [cacheExchange, fetchExchange] });

async function authenticate(
  urls: Urls,
  mutation: string,
  username: string,
  password: string,
): Promise<Outcome<Auth>> {
  const { data, error } = await anonymous(urls)
    .mutation<Record<string, AuthPayload>>(mutation, { username, password })
    .toPromise();
  if (error) return refused(error);
  const payload = Object.values(data ?? {})[0] as AuthPayload;
  return { ok: { token: payload.token, userId: payload.user.id, username } };
}

const library: ClientLibrary = {
  signUp: (urls, username, password) => authenticate(urls, SIGN_UP, username, password),
  logIn: (urls, username, password) => authenticate(urls, LOG_IN, username, password),
  signedIn(urls, token, socketOptions) {
    const socket = createClient(socketOptions);
    // As the README shows it (examples/urql-inbox.ts).
    const urql = urqlChatClient({ httpUrl: urls.httpUrl, token, socket });
    return {
      socket,
      async send(toUserId, body) {
        const { data, error } = await urql
          .mutation<{ send: { id: string } }>(SEND, { toUserId, body })
          .toPromise();
        return error ? refused(error) : { ok: { id: data?.send.id ?? '' } };
      },
      async me() {
        const { data, error } = await urql
          .query<{ me: { username: string } }>(ME, {}, { requestPolicy: 'network-only' })
          .toPromise();
        return error ? refused(error) : { ok: { username: data?.me.username ?? '' } };
      },
      subscribeInbox: urqlInbox<InboxEvent>(urql, INBOX),
      async close() {
        await socket.dispose();
      },
    };
  },
};

describeClient('urql', library);

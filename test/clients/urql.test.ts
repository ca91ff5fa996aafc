import {
  Client,
  type CombinedError,
  cacheExchange,
  fetchExchange,
  subscriptionExchange,
} from '@urql/core';
import { createClient } from 'graphql-ws';
import { INBOX, LOG_IN, ME, SEND, SIGN_UP } from './operations.js';
import {
  type Auth,
  type ClientLibrary,
  describeClient,
  type InboxEvent,
  type Outcome,
  type Urls,
} from './scenario.js';

// urql 6 as a chat app wires it: fetchExchange for queries and mutations, subscriptionExchange
// over the graphql-ws client for the inbox.

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
    const urql = new Client({
      url: urls.httpUrl,
      fetchOptions: () => ({ headers: { authorization: `Bearer ${token}` } }),
      exchanges: [
        cacheExchange,
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
      subscribeInbox(variables, sink) {
        // urql merges each result into the last: the error of a failed subscription comes
        // again with the final result (hasNext: false). Report it once.
        let failed = false;
        const subscription = urql
          .subscription<{ inbox: InboxEvent }>(INBOX, variables)
          .subscribe(({ data, error }) => {
            if (error) {
              if (!failed) sink.error(error.graphQLErrors.length ? refused(error) : error);
              failed = true;
            } else if (data) sink.next(data.inbox);
          });
        return () => subscription.unsubscribe();
      },
      async close() {
        await socket.dispose();
      },
    };
  },
};

describeClient('urql', library);

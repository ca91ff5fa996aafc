import { createClient, type FormattedExecutionResult } from 'graphql-ws';
import { graphqlWsInbox } from '../../examples/graphql-ws-inbox.js';
import { INBOX, LOG_IN, ME, SEND, SIGN_UP } from './operations.js';
import {
  type Auth,
  type ClientLibrary,
  describeClient,
  type InboxEvent,
  type Outcome,
  type Urls,
} from './scenario.js';

// The graphql-ws client alone: the inbox over the socket, queries and mutations over HTTP
// with fetch (a socket-only app sends them with client.subscribe the same way).

const codesOf = (errors: readonly { extensions?: Record<string, unknown> }[]) => ({
  codes: errors.map((e) => e.extensions?.code),
});

async function post<T>(
  urls: Urls,
  query: string,
  variables: Record<string, unknown>,
  token?: string,
): Promise<Outcome<T>> {
  const response = await fetch(urls.httpUrl, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/graphql-response+json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify({ query, variables }),
  });
  const result = (await response.json()) as FormattedExecutionResult<T>;
  if (result.errors?.length) return codesOf(result.errors);
  return { ok: result.data as T };
}

interface AuthPayload {
  token: string;
  user: { id: string; username: string };
}

const auth = async (urls: Urls, query: string, username: string, password: string) => {
  const result = await post<Record<string, AuthPayload>>(urls, query, { username, password });
  if ('codes' in result) return result;
  const payload = Object.values(result.ok)[0] as AuthPayload;
  return { ok: { token: payload.token, userId: payload.user.id, username } satisfies Auth };
};

const library: ClientLibrary = {
  signUp: (urls, username, password) => auth(urls, SIGN_UP, username, password),
  logIn: (urls, username, password) => auth(urls, LOG_IN, username, password),
  signedIn(urls, token, socketOptions) {
    const socket = createClient(socketOptions);
    return {
      socket,
      async send(toUserId, body) {
        const result = await post<{ send: { id: string } }>(urls, SEND, { toUserId, body }, token);
        return 'codes' in result ? result : { ok: result.ok.send };
      },
      async me() {
        const result = await post<{ me: { username: string } }>(urls, ME, {}, token);
        return 'codes' in result ? result : { ok: result.ok.me };
      },
      // As the README shows it (examples/graphql-ws-inbox.ts).
      subscribeInbox: graphqlWsInbox<InboxEvent>(socket, INBOX),
      close: async () => {
        await socket.dispose();
      },
    };
  },
};

describeClient('graphql-ws client', library);

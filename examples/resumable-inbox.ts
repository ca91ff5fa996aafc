/**
 * The inbox, resumed exactly across dropped sockets, server restarts and token expiry: a
 * module to copy into a client app. It works with any client that talks graphql-ws
 * underneath (the graphql-ws client itself, Apollo Client's GraphQLWsLink, urql's
 * subscriptionExchange); test/clients/ runs it with each of them against a real server.
 *
 * Two things graphql-ws does by default break the "no gap, no duplicate" promise:
 * - After a reconnect it sends every active subscription again, with the variables it was
 *   first given: the cursor of the moment the app subscribed, not of the last event handled.
 *   So each subscription here lives for one connection only: it is disposed when the socket
 *   closes (before graphql-ws could send it again) and a fresh one, after the latest cursor,
 *   starts when the next connection is acknowledged.
 * - It retries 4403 (a missing, bad or expired token), forever with `retryAttempts: Infinity`.
 *   `chatSocketOptions` stops there and says "sign in again" instead.
 */
import type { ClientOptions, Client as WsClient } from 'graphql-ws';

/** The close code of a missing, bad or expired token: retrying with it cannot succeed. */
export const SIGN_IN_AGAIN = 4403;

const isCloseEvent = (value: unknown): value is { code: number; reason: string } =>
  typeof value === 'object' && value !== null && 'code' in value && 'reason' in value;

/** Waits 1 s, 2 s, 4 s… up to 30 s, each with up to a third more at random (no stampede). */
async function cappedBackoff(retries: number): Promise<void> {
  const baseMs = Math.min(1000 * 2 ** retries, 30_000);
  await new Promise((resolve) => setTimeout(resolve, baseMs * (1 + Math.random() / 3)));
}

/**
 * graphql-ws client options for a chat app: connect at once and stay connected (`lazy: false`,
 * which resumableInbox needs), retry every other drop without end, and stop on 4403.
 */
export function chatSocketOptions(options: {
  url: string;
  /** Read on every (re)connect, so a refreshed token is picked up. */
  token: () => string;
  /** The server refused the token: sign in again, then make a new client. */
  onSignInRequired: () => void;
}): ClientOptions {
  return {
    url: options.url,
    lazy: false,
    connectionParams: () => ({ authorization: `Bearer ${options.token()}` }),
    retryAttempts: Number.POSITIVE_INFINITY,
    retryWait: cappedBackoff,
    shouldRetry: (error) => !(isCloseEvent(error) && error.code === SIGN_IN_AGAIN),
    // With lazy: false this is called once the client has stopped trying for good.
    onNonLazyError: (error) => {
      if (isCloseEvent(error) && error.code === SIGN_IN_AGAIN) options.onSignInRequired();
      else console.error('chat socket gave up', error);
    },
  };
}

/** Starts one `inbox(after:)` subscription through your client; returns its unsubscribe. */
export type SubscribeInbox<Event> = (
  variables: { after?: string },
  sink: { next(event: Event): void; error(error: unknown): void },
) => () => void;

export interface ResumableInboxOptions<Event extends { cursor: string }> {
  /** The graphql-ws client under your link or exchange, made with chatSocketOptions. */
  socket: WsClient;
  /** How your client subscribes (see test/clients/ for Apollo, urql and graphql-ws). */
  subscribe: SubscribeInbox<Event>;
  /** The cursor of the last event handled, as saved last time; absent on a first start. */
  after?: string | undefined;
  /** Handle the event, then save `event.cursor` if you resume across app restarts. */
  onEvent(event: Event): void;
  /** An error the server sent for the subscription (e.g. BAD_USER_INPUT for a bad cursor). */
  onError?(error: unknown): void;
}

export interface ResumableInbox {
  /** The cursor of the last event handled: where the next subscription starts. */
  cursor(): string | undefined;
  stop(): void;
}

/** Streams the inbox after `after`, one fresh subscription per connection. */
export function resumableInbox<Event extends { cursor: string }>(
  options: ResumableInboxOptions<Event>,
): ResumableInbox {
  let cursor = options.after;
  let unsubscribe: (() => void) | undefined;
  const start = () => {
    unsubscribe = options.subscribe(cursor === undefined ? {} : { after: cursor }, {
      next: (event) => {
        options.onEvent(event);
        cursor = event.cursor;
      },
      error: (error) => {
        // A socket that closed is not the subscription's error: the next connection resumes.
        if (!isCloseEvent(error)) options.onError?.(error);
      },
    });
  };
  const end = () => {
    const current = unsubscribe;
    unsubscribe = undefined;
    current?.();
  };
  // Disposed while the socket is down, the subscription is not sent again on reconnect.
  const offClosed = options.socket.on('closed', end);
  const offConnected = options.socket.on('connected', () => {
    if (!unsubscribe) start();
  });
  // Now, whatever the socket's state: graphql-ws sends it once the connection is acknowledged.
  start();
  return {
    cursor: () => cursor,
    stop() {
      offClosed();
      offConnected();
      end();
    },
  };
}

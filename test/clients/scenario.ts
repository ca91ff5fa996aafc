import type { ClientOptions, Client as WsClient } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import {
  chatSocketOptions,
  type ResumableInbox,
  resumableInbox,
  type SubscribeInbox,
} from '../../examples/resumable-inbox.js';
import { globalId } from '../support/helpers.js';
import {
  createDurableStorage,
  type Storage,
  startServer,
  type TestServer,
} from '../support/server.js';

export interface Urls {
  httpUrl: string;
  wsUrl: string;
}

export interface Auth {
  token: string;
  userId: string;
  username: string;
}

/** What came back, or the `extensions.code` of each error as the library exposes them. */
export type Outcome<T> = { ok: T } | { codes: unknown[] };

/** The inbox selection of every suite (test/clients/operations.ts). */
export interface InboxEvent {
  cursor: string;
  message?: { id: string; body: string; sender: { username: string } } | null;
}

/** A signed-in app on one client library: HTTP for queries and mutations, a socket for the inbox. */
export interface SignedInApp {
  /** The graphql-ws client under the library's link or exchange. */
  socket: WsClient;
  send(toUserId: string, body: string): Promise<Outcome<{ id: string }>>;
  me(): Promise<Outcome<{ username: string }>>;
  /**
   * Subscribes through the library as examples/ wires it: the server's errors reach the sink
   * as the list of GraphQL errors, each with `extensions.code`.
   */
  subscribeInbox: SubscribeInbox<InboxEvent>;
  close(): Promise<void>;
}

/** A client library wired as the README says: the suite drives it like an app would. */
export interface ClientLibrary {
  signUp(urls: Urls, username: string, password: string): Promise<Outcome<Auth>>;
  logIn(urls: Urls, username: string, password: string): Promise<Outcome<Auth>>;
  /** `socket` is chatSocketOptions' result plus the test's hooks: pass it to createClient. */
  signedIn(urls: Urls, token: string, socket: ClientOptions): SignedInApp;
}

const PASSWORD = 'password123';
const TTL_SECONDS = 600;
let counter = 0;

/**
 * The network between one app and the server, as the test controls it: while it is down,
 * the app's reconnect attempts wait (graphql-ws `retryWait`), so what happens meanwhile
 * happens while the app is away, without sleeping.
 */
function network() {
  let up = Promise.resolve();
  let bringUp = () => {};
  return {
    wait: () => up,
    down() {
      up = new Promise((resolve) => {
        bringUp = resolve;
      });
    },
    up: () => bringUp(),
  };
}

/** One user's app, its socket observed: connection attempts, the live ws, sign-in requests. */
function openApp(library: ClientLibrary, urls: Urls, auth: Auth) {
  const net = network();
  const seen = { attempts: 0, signInRequired: 0 };
  let live: WebSocket | undefined;
  let askSignIn = () => {};
  const signInRequired = new Promise<void>((resolve) => {
    askSignIn = resolve;
  });
  const app = library.signedIn(urls, auth.token, {
    ...chatSocketOptions({
      url: urls.wsUrl,
      token: () => auth.token,
      onSignInRequired: () => {
        seen.signInRequired += 1;
        askSignIn();
      },
    }),
    webSocketImpl: WebSocket,
    retryWait: () => net.wait(),
    on: {
      connecting: () => {
        seen.attempts += 1;
      },
      connected: (socket) => {
        live = socket as WebSocket;
      },
    },
  });
  return {
    app,
    net,
    seen,
    signInRequired,
    /** Drops the connection as a network failure would: no close frame. */
    cutConnection: () => live?.terminate(),
  };
}

/** A list of GraphQL errors as `{ codes }`; anything else (not the server's) as it is. */
const codesOf = (error: unknown) =>
  Array.isArray(error)
    ? { codes: error.map((e: { extensions?: { code?: unknown } }) => e.extensions?.code) }
    : error;

/** The resumable inbox of examples/resumable-inbox.ts, recording what the app was given. */
function watchInbox(app: SignedInApp, after?: string) {
  const events: InboxEvent[] = [];
  const errors: unknown[] = [];
  const inbox: ResumableInbox = resumableInbox({
    socket: app.socket,
    subscribe: app.subscribeInbox,
    after,
    onEvent: (event) => events.push(event),
    onError: (error) => errors.push(codesOf(error)),
  });
  const bodies = () => events.flatMap((e) => (e.message ? [e.message.body] : []));
  return {
    inbox,
    events,
    errors,
    bodies,
    /** Waits until `body` arrived (polling what arrived, no fixed sleep). */
    arrived: (body: string) => expect.poll(bodies, { timeout: 15_000 }).toContain(body),
  };
}

function ok<T>(outcome: Outcome<T>): T {
  if ('codes' in outcome) throw new Error(`expected success, got codes ${String(outcome.codes)}`);
  return outcome.ok;
}

/** The suite every client library passes, on both backends. */
export function describeClient(name: string, library: ClientLibrary) {
  describe(`${name} against a real server`, () => {
    let storage: Storage;
    let server: TestServer;
    const opened: SignedInApp[] = [];

    beforeAll(async () => {
      storage = await createDurableStorage();
      server = await startServer({ JWT_TTL_SECONDS: String(TTL_SECONDS) }, storage);
    });
    afterAll(async () => {
      await Promise.all(opened.map((app) => app.close()));
      await server.stop();
      await storage.drop();
    });

    const signUp = async (prefix: string) => {
      counter += 1;
      const username = `${prefix}${counter}_${process.pid % 1000}`;
      return ok(await library.signUp(server, username, PASSWORD));
    };
    const open = (auth: Auth) => {
      const opening = openApp(library, server, auth);
      opened.push(opening.app);
      return opening;
    };

    it('signs up, sends, and sees the message arrive live in the inbox', async () => {
      const [alice, bob] = [await signUp('alice'), await signUp('bob')];
      const bobApp = open(bob).app;
      expect(ok(await bobApp.me()).username).toBe(bob.username);
      const watched = watchInbox(bobApp);
      const sent = ok(await open(alice).app.send(bob.userId, 'Hi Bob!'));
      await watched.arrived('Hi Bob!');
      const event = watched.events.find((e) => e.message?.id === sent.id);
      expect(event?.message?.sender.username).toBe(alice.username);
    });

    it('resumes after a dropped connection and a server restart: every message once, in order', async () => {
      const [alice, bob] = [await signUp('alice'), await signUp('bob')];
      const aliceApp = open(alice).app;
      const send = async (body: string) => ok(await aliceApp.send(bob.userId, body));
      const bobSide = open(bob);
      const watched = watchInbox(bobSide.app);
      await send('one');
      await watched.arrived('one');

      // The network drops: Bob's app is away while Alice sends two.
      bobSide.net.down();
      bobSide.cutConnection();
      await send('two');
      await send('three');
      bobSide.net.up();
      await watched.arrived('three');

      // The server restarts on the same storage and port; Alice sends while Bob is away.
      bobSide.net.down();
      const port = Number(new URL(server.url).port);
      await server.stop();
      server = await startServer({ JWT_TTL_SECONDS: String(TTL_SECONDS) }, storage, { port });
      await send('four');
      bobSide.net.up();
      await watched.arrived('four');
      await send('five');
      await watched.arrived('five');

      expect(watched.bodies()).toEqual(['one', 'two', 'three', 'four', 'five']);
      const cursors = watched.events.map((e) => e.cursor);
      expect(new Set(cursors).size).toBe(cursors.length);
      expect(watched.errors).toEqual([]);
    });

    it('says "sign in again" once the token expired, stops retrying, and resumes after signing in', async () => {
      const [alice, bob] = [await signUp('alice'), await signUp('bob')];
      const bobSide = open(bob);
      const watched = watchInbox(bobSide.app);
      ok(await open(alice).app.send(bob.userId, 'before expiry'));
      await watched.arrived('before expiry');

      // The server's clock (same process) moves past the tokens' lifetime.
      vi.useFakeTimers({ toFake: ['Date'], shouldAdvanceTime: true });
      try {
        vi.setSystemTime(Date.now() + (TTL_SECONDS + 60) * 1000);
        expect(await bobSide.app.me()).toEqual({ codes: ['UNAUTHENTICATED'] });
        const attempts = bobSide.seen.attempts;
        bobSide.cutConnection();
        // graphql-ws retries 4403 by default, forever with retryAttempts: Infinity; resolving
        // here means the client stopped for good.
        await bobSide.signInRequired;
        expect(bobSide.seen.attempts - attempts).toBe(1);
        expect(bobSide.seen.signInRequired).toBe(1);

        // Sign in again: a new app with the new token resumes where the old one stopped.
        const bobAgain = ok(await library.logIn(server, bob.username, PASSWORD));
        const aliceAgain = ok(await library.logIn(server, alice.username, PASSWORD));
        ok(await open(aliceAgain).app.send(bob.userId, 'while signed out'));
        const resumed = watchInbox(open(bobAgain).app, watched.inbox.cursor());
        await resumed.arrived('while signed out');
        expect(resumed.bodies()).toEqual(['while signed out']);
      } finally {
        vi.useRealTimers();
      }
    });

    it('reports refusals with extensions.code, over HTTP and over the socket', async () => {
      const [alice, bob] = [await signUp('alice'), await signUp('bob')];
      expect(await library.signUp(server, alice.username, PASSWORD)).toEqual({
        codes: ['CONFLICT'],
      });
      expect(await library.logIn(server, alice.username, 'wrong-password')).toEqual({
        codes: ['UNAUTHENTICATED'],
      });
      const aliceApp = open(alice).app;
      expect(await aliceApp.send(alice.userId, 'to myself')).toEqual({
        codes: ['BAD_USER_INPUT'],
      });
      // A user id that is well formed but belongs to nobody.
      expect(await aliceApp.send(globalId('User', 999_999), 'to nobody')).toEqual({
        codes: ['NOT_FOUND'],
      });
      const watched = watchInbox(open(bob).app, 'not-a-cursor');
      await expect.poll(() => watched.errors, { timeout: 15_000 }).toHaveLength(1);
      expect(watched.errors).toEqual([{ codes: ['BAD_USER_INPUT'] }]);
    });
  });
}

import { request as httpRequest } from 'node:http';
import { connect as tcpConnect } from 'node:net';
import { print } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import type { Socket } from './support/client.js';
import { Inbox, Me, Send } from './support/documents.js';
import { captureLog } from './support/log-capture.js';
import { onServices, startServer, type TestServer } from './support/server.js';
import { signUp, type TestUser } from './support/users.js';

let server: TestServer;
let alice: TestUser;
beforeAll(async () => {
  server = await startServer();
  alice = await signUp(server, 'alice');
});
afterAll(() => server.stop());

/** Raw GraphQL text over HTTP, for queries no typed client would write. */
async function rawQuery(query: string, token = alice.token) {
  const response = await fetch(server.httpUrl, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/graphql-response+json',
      authorization: `Bearer ${token}`,
    },
    body: JSON.stringify({ query }),
  });
  return (await response.json()) as {
    data?: unknown;
    errors?: { message: string; extensions?: { code?: string } }[];
  };
}

/** Polls `read` until it returns `expected` (a real condition, checked every 20 ms). */
async function eventually<T>(read: () => Promise<T>, expected: T, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = await read();
  while (last !== expected && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 20));
    last = await read();
  }
  expect(last).toBe(expected);
}

/** What connecting to a TCP port does: 'connected' or the error code. */
function tryConnect(port: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = tcpConnect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve('connected');
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
  });
}

describe('health, readiness and metrics', () => {
  it('answers /healthz with 200', async () => {
    const response = await fetch(`${server.url}/healthz`);
    expect(response.status).toBe(200);
  });

  it('answers /readyz with each part, its kind and its state', async () => {
    const response = await fetch(`${server.url}/readyz`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/json/);
    const body = await response.json();
    expect(body).toMatchObject({
      parts: {
        database: { state: 'up', kind: onServices ? 'postgres' : 'pglite' },
        pubsub: { state: 'up', kind: onServices ? 'redis' : 'memory' },
      },
    });
  });

  it('serves Prometheus text that counts open WebSockets', async () => {
    const gauge = async () => {
      const response = await fetch(`${server.url}/metrics`);
      expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
      const text = await response.text();
      expect(text).toContain('# TYPE chat_websocket_connections gauge');
      return Number(/^chat_websocket_connections (\d+)$/m.exec(text)?.[1]);
    };
    const before = await gauge();
    const device = alice.device();
    await eventually(gauge, before + 1);
    await device.close();
    await eventually(gauge, before);
  });

  it('serves GraphiQL to a browser on GET /graphql', async () => {
    const response = await fetch(server.httpUrl, { headers: { accept: 'text/html' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/text\/html/);
    expect((await response.text()).toLowerCase()).toContain('graphiql');
  });
});

describe('abusive queries', () => {
  const nested = (levels: number) =>
    `query { conversations(first: 1) { edges { node { ${'lastMessage { conversation { '.repeat(levels)}id${' } }'.repeat(levels)} } } } }`;

  it.each([
    ['15 levels deep', nested(6)],
    [
      '50 aliases',
      `query { ${Array.from({ length: 50 }, (_, i) => `a${i}: me { id }`).join(' ')} }`,
    ],
    ['3000 tokens', `query { me { ${Array.from({ length: 3000 }, () => 'id').join(' ')} } }`],
    ['unparseable', `query { ${'{'.repeat(5000)}`],
  ])('refuses a query %s with an error, and the server stays up', async (_name, query) => {
    const result = await rawQuery(query);
    expect(result.errors?.length).toBeGreaterThan(0);
    expect(result.data ?? null).toBeNull();
    expect(result.errors?.[0]?.message).not.toMatch(/\bat .*\.[jt]s/);
    expect(await rawQuery(print(Me))).toMatchObject({ data: { me: { username: alice.username } } });
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  });

  it('answers abusive, unparseable and invalid queries with a code of the contract (BAD_USER_INPUT)', async () => {
    for (const query of [
      nested(6),
      `query { ${Array.from({ length: 50 }, (_, i) => `a${i}: me { id }`).join(' ')} }`,
      `query { me { ${Array.from({ length: 3000 }, () => 'id').join(' ')} } }`,
      'query { me { ',
      'query { me { noSuchField } }',
    ]) {
      const result = await rawQuery(query);
      expect(result.errors?.[0]?.extensions?.code, query.slice(0, 60)).toBe('BAD_USER_INPUT');
    }
  });

  it("answers a mutation's variables of the wrong shape with BAD_USER_INPUT, not as a server error", async () => {
    for (const input of [{ toUserId: alice.id }, 5]) {
      const response = await fetch(server.httpUrl, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'application/graphql-response+json',
          authorization: `Bearer ${alice.token}`,
        },
        body: JSON.stringify({ query: print(Send), variables: { input } }),
      });
      const result = (await response.json()) as {
        errors?: { message: string; extensions?: { code?: string } }[];
      };
      expect(result.errors?.[0]?.extensions?.code, JSON.stringify(input)).toBe('BAD_USER_INPUT');
      expect(result.errors?.[0]?.message).toMatch(/^Variable "\$input" got invalid value/);
    }
  });

  it('still answers a legitimately nested query', async () => {
    const result = await rawQuery(nested(2));
    expect(result.errors).toBeUndefined();
  });
});

describe('graceful stop', () => {
  it('finishes a request in flight, refuses new connections, then closes the port', async () => {
    const own = await startServer({ SHUTDOWN_GRACE_SECONDS: '2' });
    let stopped = false;
    try {
      const bob = await signUp(own, 'bob');
      const port = Number(new URL(own.url).port);
      const body = JSON.stringify({ query: print(Me) });
      const req = httpRequest({
        host: '127.0.0.1',
        port,
        path: '/graphql',
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          authorization: `Bearer ${bob.token}`,
          // The server answers "100 Continue" once it holds the request: from then on it is in flight.
          expect: '100-continue',
        },
      });
      const response = new Promise<{ status?: number; text: string }>((resolve, reject) => {
        req.once('response', (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => {
            text += chunk;
          });
          res.once('end', () => resolve({ status: res.statusCode, text }));
        });
        req.once('error', reject);
      });
      const inFlight = new Promise<void>((resolve) => req.once('continue', () => resolve()));
      req.flushHeaders();
      await inFlight;

      const stopping = own.stop().then(() => {
        stopped = true;
      });
      expect(await tryConnect(port)).toBe('ECONNREFUSED');
      req.end(body);
      const { status, text } = await response;
      expect(status).toBe(200);
      expect(JSON.parse(text)).toEqual({
        data: { me: expect.objectContaining({ username: bob.username }) },
      });
      await stopping;
      expect(await tryConnect(port)).toBe('ECONNREFUSED');
    } finally {
      if (!stopped) await own.stop();
    }
  });
});

describe('graceful stop with devices connected', () => {
  it('closes every device without a warning, also those leaving as it stops: presence is released before pub/sub closes', async () => {
    const log = captureLog();
    const own = await startServer({}, undefined, { logTo: log.stream, logLevel: 'warn' });
    let stopped = false;
    try {
      const devices: Socket[] = [];
      for (let i = 0; i < 5; i++) {
        const user = await signUp(own, 'leaver');
        for (let d = 0; d < 4; d++) {
          const device = user.device();
          devices.push(device);
          device.subscribe(Inbox, {});
          await device.ready;
        }
      }
      // Half of them leave as the server stops: their releases are under way when it does.
      const leaving = devices.filter((_, i) => i % 2 === 0).map((device) => device.close());
      await new Promise((resolve) => setImmediate(resolve));
      await own.stop();
      stopped = true;
      await Promise.all(leaving);
      await Promise.all(devices.map((device) => device.closed));
      expect(log.lines().filter((line) => Number(line.level) >= 40)).toEqual([]);
    } finally {
      if (!stopped) await own.stop();
    }
  });
});

describe('configuration', () => {
  it('refuses to start in production without JWT_SECRET, naming the variable', async () => {
    const { spawnServer } = await import('./support/process.js');
    await expect(spawnServer({ NODE_ENV: 'production' })).rejects.toThrow(
      /JWT_SECRET is required when NODE_ENV=production/,
    );
  });

  it('refuses a timer setting Node cannot wait for (it would fire every millisecond)', async () => {
    const { spawnServer } = await import('./support/process.js');
    await expect(spawnServer({ INBOX_CATCHUP_SECONDS: '2147484' })).rejects.toThrow(
      /INBOX_CATCHUP_SECONDS: at most 2147483 seconds/,
    );
    // The negative control of `npm run chaos` (catch-up off) stays within it.
    expect(loadConfig({ INBOX_CATCHUP_SECONDS: '2000000' }).inboxCatchupMs).toBe(2_000_000_000);
    for (const name of [
      'WS_KEEPALIVE_SECONDS',
      'PRESENCE_LEASE_SECONDS',
      'MESSAGE_RETENTION_EVERY_SECONDS',
      'SHUTDOWN_GRACE_SECONDS',
    ]) {
      expect(() => loadConfig({ [name]: '3000000' })).toThrow(new RegExp(`${name}: at most`));
    }
  });
});

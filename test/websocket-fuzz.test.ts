// Malformed and abusive graphql-transport-ws traffic on raw sockets, each case while a
// control subscription on another socket keeps receiving every message sent meanwhile:
// the abuser's socket is closed with the protocol's code (or answered), the server stays
// up, and nobody else notices.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import type { Socket, Subscription } from './support/client.js';
import { Inbox, Send } from './support/documents.js';
import { startServer, type TestServer } from './support/server.js';
import { signUp, type TestUser } from './support/users.js';

const PROTOCOL = 'graphql-transport-ws';
const INBOX = 'subscription { inbox { __typename cursor } }';

let server: TestServer;
let receiver: TestUser;
let sender: TestUser;
let attacker: TestUser;
let control: Subscription<{ inbox: { __typename: string; message?: { body: string } | null } }>;
let controlDevice: Socket;

beforeAll(async () => {
  server = await startServer();
  receiver = await signUp(server, 'control');
  [sender, attacker] = [await signUp(server, 'sender'), await signUp(server, 'attacker')];
  controlDevice = receiver.device();
  control = controlDevice.subscribe(Inbox, {});
  await vi.waitFor(() => expect(server.app.deps.inbox.stats().streams).toBe(1));
});
afterAll(async () => {
  await controlDevice?.close();
  await server?.stop();
});

interface RawSocket {
  ws: WebSocket;
  frames: { id?: string; type: string }[];
  closed: Promise<{ code: number; reason: string }>;
  send(frame: unknown): void;
}

/** A raw WebSocket to /graphql; `protocols` as the client offers them. */
async function rawSocket(protocols: string | string[] = PROTOCOL): Promise<RawSocket> {
  const ws = new WebSocket(server.wsUrl, protocols);
  const frames: RawSocket['frames'] = [];
  ws.on('error', () => {});
  ws.on('message', (data) => {
    try {
      frames.push(JSON.parse(String(data)));
    } catch {
      frames.push({ type: `unparsable: ${String(data).slice(0, 100)}` });
    }
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    ws.once('close', (code, reason) => resolve({ code, reason: String(reason) })),
  );
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('close', (code) => reject(new Error(`closed ${code} before open`)));
  });
  return {
    ws,
    frames,
    closed,
    send: (frame) => ws.send(typeof frame === 'string' ? frame : JSON.stringify(frame)),
  };
}

/** A raw socket past connection_ack as the attacker. */
async function acknowledged(): Promise<RawSocket> {
  const socket = await rawSocket();
  socket.send({ type: 'connection_init', payload: { token: attacker.token } });
  await expect.poll(() => socket.frames.some((f) => f.type === 'connection_ack')).toBe(true);
  return socket;
}

let round = 0;

/**
 * Runs `abuse` while messages go to the control receiver; every one of them must arrive,
 * the server must still answer, and no socket of the abuser may be left open.
 */
async function whileControlReceives(abuse: () => Promise<void>) {
  round += 1;
  const bodies = Array.from({ length: 5 }, (_, i) => `fuzz round ${round} message ${i}`);
  const sends = (async () => {
    for (const body of bodies) {
      await sender.ok(Send, { input: { toUserId: receiver.id, body } });
    }
  })();
  await Promise.all([abuse(), sends]);
  await expect
    .poll(
      () =>
        control.received
          .map((e) => e.inbox.message?.body)
          .filter((b): b is string => bodies.includes(b as string)),
      { timeout: 10_000 },
    )
    .toEqual(bodies);
  expect(control.errors).toEqual([]);
  expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  // Only the control device remains.
  await expect.poll(() => server.app.webSocketCount(), { timeout: 5_000 }).toBe(1);
}

describe('a raw WebSocket sending garbage', () => {
  it('is closed with 4400 for text that is not JSON, before and after the handshake', async () => {
    await whileControlReceives(async () => {
      const early = await rawSocket();
      early.send('{ this is not json');
      expect((await early.closed).code).toBe(4400);
      const late = await acknowledged();
      late.send('\u0000\u0001 garbage');
      expect((await late.closed).code).toBe(4400);
    });
  });

  it('is closed with 4400 for binary frames of random bytes', async () => {
    await whileControlReceives(async () => {
      const socket = await acknowledged();
      socket.ws.send(randomBytes(4096), { binary: true });
      expect((await socket.closed).code).toBe(4400);
    });
  });

  it('is closed with 4400 for unknown or incomplete message types', async () => {
    await whileControlReceives(async () => {
      for (const frame of [
        { type: 'bogus' },
        { type: 'start', id: '1', payload: { query: INBOX } },
        { type: 'subscribe' },
        { type: 'subscribe', id: 7, payload: { query: INBOX } },
        { type: 'subscribe', id: '1', payload: 'not an object' },
        [1, 2, 3],
        42,
      ]) {
        const socket = await acknowledged();
        socket.send(frame);
        expect((await socket.closed).code, JSON.stringify(frame)).toBe(4400);
      }
    });
  });
});

describe('a raw WebSocket breaking the protocol', () => {
  it('is refused with a wrong or missing subprotocol', async () => {
    await whileControlReceives(async () => {
      // Offered only protocols the server does not speak: the handshake names none, which a
      // client must refuse (ws reports 1006 before open).
      for (const protocols of ['graphql-ws', 'chat']) {
        await expect(rawSocket(protocols), protocols).rejects.toThrow(/closed 1006 before open/);
      }
      // Offered none: the socket opens and graphql-ws closes it with 4406.
      const socket = await rawSocket([]);
      socket.send({ type: 'connection_init', payload: { token: attacker.token } });
      expect((await socket.closed).code).toBe(4406);
      expect(socket.frames).toEqual([]);
    });
  });

  it('is closed with 4401 when it subscribes before connection_ack', async () => {
    await whileControlReceives(async () => {
      const socket = await rawSocket();
      socket.send({ id: '1', type: 'subscribe', payload: { query: INBOX } });
      expect((await socket.closed).code).toBe(4401);
      expect(socket.frames).toEqual([]);
    });
  });

  it('is closed with 4429 when it sends connection_init twice', async () => {
    await whileControlReceives(async () => {
      const socket = await acknowledged();
      socket.send({ type: 'connection_init', payload: { token: attacker.token } });
      expect((await socket.closed).code).toBe(4429);
    });
  });

  it('is closed with 4409 when it reuses the id of a running subscription', async () => {
    await whileControlReceives(async () => {
      const socket = await acknowledged();
      socket.send({ id: 'dup', type: 'subscribe', payload: { query: INBOX } });
      await expect.poll(() => server.app.deps.inbox.stats().streams).toBe(2);
      socket.send({ id: 'dup', type: 'subscribe', payload: { query: INBOX } });
      expect((await socket.closed).code).toBe(4409);
      // The first subscription went with the socket.
      await expect.poll(() => server.app.deps.inbox.stats().streams).toBe(1);
    });
  });

  it('answers a flood of graphql-ws pings and carries on', async () => {
    await whileControlReceives(async () => {
      const socket = await acknowledged();
      for (let i = 0; i < 2_000; i++) socket.send({ type: 'ping' });
      await expect
        .poll(() => socket.frames.filter((f) => f.type === 'pong').length, { timeout: 10_000 })
        .toBe(2_000);
      // Still a working connection.
      socket.send({ id: 'after', type: 'subscribe', payload: { query: '{ me { username } }' } });
      await expect
        .poll(() => socket.frames.filter((f) => f.id === 'after').map((f) => f.type))
        .toEqual(['next', 'complete']);
      socket.ws.close();
      await socket.closed;
    });
  });

  it('survives a flood of WebSocket ping frames', async () => {
    await whileControlReceives(async () => {
      const socket = await acknowledged();
      for (let i = 0; i < 2_000; i++) socket.ws.ping();
      // ws (8.x, both ends) drops such a connection without a close frame; what matters is
      // that it is only this one.
      await Promise.race([socket.closed, new Promise((resolve) => setTimeout(resolve, 1_000))]);
      socket.ws.terminate();
      await socket.closed;
    });
  });

  it('is closed with 1009 for a frame over the size limit, before parsing it', async () => {
    await whileControlReceives(async () => {
      const socket = await acknowledged();
      const query = `{ me { username ${' '.repeat(2 * 1024 * 1024)}} }`;
      socket.send({ id: 'big', type: 'subscribe', payload: { query } });
      expect((await socket.closed).code).toBe(1009);
      expect(socket.frames.filter((f) => f.id === 'big')).toEqual([]);
    });
  });

  it('serves or refuses huge ids without harm to others', async () => {
    await whileControlReceives(async () => {
      const socket = await acknowledged();
      const id = 'x'.repeat(200_000);
      socket.send({ id, type: 'subscribe', payload: { query: '{ me { username } }' } });
      const outcome = await Promise.race([
        socket.closed.then((c) => `closed ${c.code}`),
        expect
          .poll(() => socket.frames.filter((f) => f.id === id).map((f) => f.type))
          .toEqual(['next', 'complete'])
          .then(() => 'answered'),
      ]);
      expect(['answered', 'closed 1009', 'closed 4400']).toContain(outcome);
      socket.ws.terminate();
      await socket.closed;
    });
  });
});

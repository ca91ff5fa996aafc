import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import {
  CreateRoom,
  InviteToRoom,
  LeaveRoom,
  Me,
  PresenceChanges,
  Rooms,
  UserById,
  Users,
} from './support/documents.js';
import { startServer, type TestServer } from './support/server.js';
import { signUp, type TestUser } from './support/users.js';

type Change = { presence: { user: { username: string }; online: boolean } };

let server: TestServer;
beforeAll(async () => {
  // Keep-alive pings every second, so a dead socket is noticed in about two.
  server = await startServer({ WS_KEEPALIVE_SECONDS: '1', DEFAULT_ROOM: 'lobby' });
});
afterAll(() => server.stop());

/** Subscribes to presence and waits until the server listens for it (a real condition, no sleep). */
async function watchPresence(on: TestServer, device: ReturnType<TestUser['device']>) {
  const listeners = (on.app.deps.pubsub as unknown as { listeners: { size(): number } }).listeners;
  const before = listeners.size();
  const sub = device.subscribe(PresenceChanges, {});
  await expect.poll(() => listeners.size()).toBe(before + 1);
  return sub;
}

const changes = (received: unknown[], username: string) =>
  (received as Change[])
    .filter((c) => c.presence.user.username === username)
    .map((c) => c.presence.online);

describe('presence', () => {
  it('reports online while any device is connected, once per change, and lastSeenAt after', async () => {
    const [watcher, pat] = [await signUp(server, 'watcher'), await signUp(server, 'pat')];
    const watching = watcher.device();
    const sub = await watchPresence(server, watching);

    const phone = pat.device();
    await expect.poll(() => changes(sub.received, pat.username)).toEqual([true]);
    expect((await pat.ok(UserById, { id: pat.id })).user?.online).toBe(true);
    const laptop = pat.device();
    await Promise.all([phone.ready, laptop.ready]);
    await phone.close();
    // Still online on the laptop: no change reported.
    await laptop.close();
    await expect.poll(() => changes(sub.received, pat.username)).toEqual([true, false]);
    const me = (await pat.ok(Me)).me;
    expect(me.online).toBe(false);
    expect(me.lastSeenAt).not.toBeNull();
    await watching.close();
  });

  it('filters users by presence', async () => {
    const [quinn, rita] = [await signUp(server, 'quinn'), await signUp(server, 'rita')];
    const device = quinn.device();
    await expect.poll(async () => (await quinn.ok(Me)).me.online).toBe(true);
    const online = (await rita.ok(Users, { presence: 'ONLINE', first: 100 })).users.edges.map(
      (e) => e.node.username,
    );
    const offline = (await rita.ok(Users, { presence: 'OFFLINE', first: 100 })).users.edges.map(
      (e) => e.node.username,
    );
    expect(online).toContain(quinn.username);
    expect(online).not.toContain(rita.username);
    expect(offline).toContain(rita.username);
    expect(offline).not.toContain(quinn.username);
    await device.close();
  });

  it('shows changes only of users who share a conversation with the viewer', async () => {
    const own = await startServer({ DEFAULT_ROOM: 'lobby-of-one' });
    try {
      // Nobody shares the default room here: each user is taken out of it first.
      const [sam, tess, uma] = [
        await signUp(own, 'sam'),
        await signUp(own, 'tess'),
        await signUp(own, 'uma'),
      ];
      const lobby = (await sam.ok(Rooms, { query: 'lobby-of-one' })).rooms.edges[0]?.node
        .id as string;
      for (const u of [sam, tess, uma]) await u.ok(LeaveRoom, { roomId: lobby });
      const room = (await sam.ok(CreateRoom, { title: 'pair' })).createRoom.id;
      await sam.ok(InviteToRoom, { roomId: room, userId: tess.id });
      const watching = sam.device();
      const sub = await watchPresence(own, watching);
      const stranger = uma.device();
      const friend = tess.device();
      await expect.poll(() => changes(sub.received, tess.username)).toEqual([true]);
      await expect.poll(async () => (await uma.ok(Me)).me.online).toBe(true);
      expect(changes(sub.received, uma.username)).toEqual([]);
      await Promise.all([watching.close(), stranger.close(), friend.close()]);
    } finally {
      await own.stop();
    }
  });

  it('notices a dead socket through keep-alive and takes its user offline', async () => {
    const [vic, wes] = [await signUp(server, 'vic'), await signUp(server, 'wes')];
    const raw = new WebSocket(server.wsUrl, 'graphql-transport-ws');
    await new Promise((resolve) => raw.once('open', resolve));
    raw.send(
      JSON.stringify({
        type: 'connection_init',
        payload: { authorization: `Bearer ${wes.token}` },
      }),
    );
    await new Promise((resolve) => raw.once('message', resolve));
    await expect.poll(async () => (await vic.ok(UserById, { id: wes.id })).user?.online).toBe(true);
    // The peer stops reading and answering pings, as a phone that lost its network.
    (raw as unknown as { _socket: { pause(): void } })._socket.pause();
    await expect
      .poll(async () => (await vic.ok(UserById, { id: wes.id })).user?.online, { timeout: 10_000 })
      .toBe(false);
    raw.terminate();
  });
});

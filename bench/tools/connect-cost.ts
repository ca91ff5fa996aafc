/**
 * Quick A/B of the connect path alone: our server (dist/, on a fresh PostgreSQL database and
 * the local Redis), 50 users in 5 rooms of 10, then <connections> sockets that each send
 * `connection_init` and subscribe to `inbox` with Apollo Client's document, <concurrency> at
 * a time, after as many again to warm up. Prints the server's CPU per connect+subscribe.
 * Unlike the idle-connection phase of bench/run.ts, the server has done nothing before.
 *
 *   npx tsx bench/tools/connect-cost.ts 3000 50
 *   PROF=<dir> writes a .cpuprofile of the server (tool-server.ts)
 *   HEAP=<dir> also snapshots the server's heap around the measured connections and prints
 *              what each one keeps, by kind (the connect rate is then not comparable)
 */
import { mkdirSync, readFileSync } from 'node:fs';
import WebSocket from 'ws';
import { INBOX_DOCUMENTS } from '../lib/client-documents.ts';
import { printHeapPer, snapshotFlags, takeSnapshot } from './heap-snapshot.ts';
import { startToolServer } from './tool-server.ts';

const N = Number(process.argv[2] ?? 3000);
const CONCURRENCY = Number(process.argv[3] ?? 50);
const HEAP = process.env.HEAP;
if (HEAP) mkdirSync(HEAP, { recursive: true });
const server = await startToolServer({
  name: 'connect',
  env: {
    WS_MAX_SOCKETS_PER_USER: String(2 * N),
    ...(HEAP ? { NODE_OPTIONS: snapshotFlags(HEAP) } : {}),
  },
});
const { port, gql } = server;
const users: { token: string }[] = [];
for (let i = 0; i < 50; i++) {
  const mutation = 'mutation($u:String!){signUp(username:$u,password:"password123"){token}}';
  users.push((await gql(mutation, { u: `member${i}` })).signUp);
}
for (let r = 0; r < 5; r++) {
  const owner = users[r * 10] as { token: string };
  const room = (await gql('mutation{createRoom(title:"c",maxMembers:100){id}}', {}, owner.token))
    .createRoom.id;
  for (const u of users.slice(r * 10 + 1, r * 10 + 10))
    await gql('mutation($r:ID!){joinRoom(roomId:$r){id}}', { r: room }, u.token);
}
const inbox = INBOX_DOCUMENTS.apollo.text;
const sockets: WebSocket[] = [];
const connect = (token: string) =>
  new Promise<void>((resolve) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/graphql`, 'graphql-transport-ws', {
      perMessageDeflate: false,
    });
    sockets.push(ws);
    ws.once('open', () => ws.send(JSON.stringify({ type: 'connection_init', payload: { token } })));
    ws.on('message', (data) => {
      if (JSON.parse(String(data)).type !== 'connection_ack') return;
      ws.send(JSON.stringify({ id: 's', type: 'subscribe', payload: { query: inbox } }));
      resolve();
    });
  });
async function connectAll() {
  let next = 0;
  const worker = async () => {
    while (next < N) await connect((users[next++ % users.length] as { token: string }).token);
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
}
const cpu = () => {
  const f = readFileSync(`/proc/${server.pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return (Number(f[11]) + Number(f[12])) * 10_000;
};
await connectAll(); // warm-up
const before = HEAP ? await takeSnapshot(server.pid, HEAP) : '';
const c0 = cpu();
const t0 = performance.now();
await connectAll();
await new Promise((r) => setTimeout(r, 1000)); // subscriptions settle
const c1 = cpu();
const seconds = (performance.now() - t0) / 1000;
console.log(
  `${N} connects+subscribes (${CONCURRENCY} at a time): server CPU ${((c1 - c0) / N).toFixed(0)} µs each, ${(N / seconds).toFixed(0)}/s`,
);
if (HEAP) printHeapPer(N, 'subscribed connection', before, await takeSnapshot(server.pid, HEAP));
for (const s of sockets) s.terminate();
await server.stop();

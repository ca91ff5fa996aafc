/**
 * Quick A/B of the delivery path, far smaller than bench/run.ts: our server (dist/, pinned
 * to core 0, on a fresh PostgreSQL database and the local Redis), one room of <roomSize>
 * subscribed members, one sender sending <messages> messages over graphql-ws one at a time.
 * Prints the server's CPU per message and per delivery, per thread kind, and the CPU of the
 * database's PostgreSQL processes per message (from /proc).
 *
 *   taskset -c 1 npx tsx bench/tools/fanout-cost.ts 10 2000
 *   PIN_PG=1   moves the database's backends to core 1 (profiles then show the server alone)
 *   PROF=<dir> writes a .cpuprofile of the server
 *   DOC=apollo|urql|minimal subscribes with that client's inbox document (default minimal)
 *   ANALYZE=1  analyzes the database once the room is set up (plans then follow statistics,
 *              as autovacuum's analyze makes them in production, not size guesses)
 */
import { execSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import WebSocket from 'ws';
import { analyzeBenchDatabase } from '../lib/bench-database.ts';
import { INBOX_DOCUMENTS, type InboxDocumentName } from '../lib/client-documents.ts';
import { cpuBetween, takeCpuSnapshot } from '../lib/proc-stats.ts';
import { startToolServer } from './tool-server.ts';

const R = Number(process.argv[2] ?? 10);
const M = Number(process.argv[3] ?? 1000);
const server = await startToolServer({ name: 'fanout', core: 0 });
const { port, gql } = server;
const signUp = async (u: string) =>
  (
    await gql('mutation($u:String!){signUp(username:$u,password:"password123"){token user{id}}}', {
      u,
    })
  ).signUp;
const owner = await signUp('owner');
const room = (await gql('mutation{createRoom(title:"bench",maxMembers:1000){id}}', {}, owner.token))
  .createRoom.id;
const members = [owner];
for (let i = 1; i < R; i++) {
  const u = await signUp(`member${i}`);
  await gql('mutation($r:ID!){joinRoom(roomId:$r){id}}', { r: room }, u.token);
  members.push(u);
}
let delivered = 0;
const sockets: WebSocket[] = [];
for (const m of members) {
  const ws = new WebSocket(`ws://127.0.0.1:${port}/graphql`, 'graphql-transport-ws', {
    perMessageDeflate: false,
  });
  sockets.push(ws);
  await new Promise((r) => ws.once('open', r));
  const acked = new Promise((r) =>
    ws.on('message', (d) => {
      const f = JSON.parse(String(d));
      if (f.type === 'connection_ack') {
        ws.send(
          JSON.stringify({
            id: 's',
            type: 'subscribe',
            payload: {
              query: INBOX_DOCUMENTS[(process.env.DOC ?? 'minimal') as InboxDocumentName].text,
              variables: {},
            },
          }),
        );
        r(null);
      } else if (f.type === 'next' && f.payload.data?.inbox?.message) delivered++;
    }),
  );
  ws.send(JSON.stringify({ type: 'connection_init', payload: { token: m.token } }));
  await acked;
}
const sender = new WebSocket(`ws://127.0.0.1:${port}/graphql`, 'graphql-transport-ws', {
  perMessageDeflate: false,
});
await new Promise((r) => sender.once('open', r));
let waiter: (() => void) | null = null;
sender.on('message', (d) => {
  const f = JSON.parse(String(d));
  if (f.type === 'next' && f.payload.errors) console.error(JSON.stringify(f.payload.errors));
  if (f.type === 'connection_ack' || f.type === 'complete') waiter?.();
});
const wait = () =>
  new Promise<void>((r) => {
    waiter = r;
  });
sender.send(JSON.stringify({ type: 'connection_init', payload: { token: owner.token } }));
await wait();
const SEND = 'mutation BenchSend($i0: SendInput!) { send(input: $i0) { id } }';
const body = 'b'.repeat(64);
const threadCpu = () => {
  const out: Record<string, number> = {};
  for (const tid of readdirSync(`/proc/${server.pid}/task`)) {
    const raw = readFileSync(`/proc/${server.pid}/task/${tid}/stat`, 'utf8');
    const name = raw.slice(raw.indexOf('(') + 1, raw.lastIndexOf(')'));
    const f = raw.split(') ')[1]!.split(' ');
    out[`${name}#${tid === String(server.pid) ? 'main' : 'x'}`] =
      (out[`${name}#${tid === String(server.pid) ? 'main' : 'x'}`] ?? 0) +
      (Number(f[11]) + Number(f[12])) * 10_000;
  }
  return out;
};
const cpu = () => {
  const f = readFileSync(`/proc/${server.pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(f[11]) + Number(f[12])) * 10_000;
};
async function burst(n: number, tag: string) {
  for (let i = 0; i < n; i++) {
    sender.send(
      JSON.stringify({
        id: `${tag}${i}`,
        type: 'subscribe',
        payload: {
          query: SEND,
          variables: { i0: { conversationId: room, body, clientId: `${tag}.${i}` } },
        },
      }),
    );
    await wait();
  }
}
if (process.env.ANALYZE) await analyzeBenchDatabase(server.database);
await burst(200, 'warm');
if (process.env.PIN_PG)
  execSync(
    `for p in $(pgrep -f "postgres: .*${server.database}"); do taskset -pc ${process.env.PIN_PG} $p >/dev/null; done`,
  );
await new Promise((r) => setTimeout(r, 1000));
const th0 = threadCpu();
const pg0 = takeCpuSnapshot(server.pid, undefined, server.database);
const d0 = delivered;
const c0 = cpu();
const t0 = performance.now();
await burst(M, 'm');
const expected = d0 + M * R;
for (let i = 0; i < 100 && delivered < expected; i++) await new Promise((r) => setTimeout(r, 50));
const c1 = cpu();
const t1 = performance.now();
const th1 = threadCpu();
const pg = cpuBetween(pg0, takeCpuSnapshot(server.pid, undefined, server.database));
for (const k of Object.keys(th1))
  if (th1[k]! - (th0[k] ?? 0) > 0)
    console.log(`  ${k}: ${((th1[k]! - (th0[k] ?? 0)) / M).toFixed(0)} µs/msg`);
const got = delivered - d0;
console.log(
  `room ${R}: ${M} msgs, ${got}/${M * R} delivered, ${(M / ((t1 - t0) / 1000)).toFixed(0)} msg/s; server CPU ${((c1 - c0) / M).toFixed(0)} µs/msg, ${((c1 - c0) / got).toFixed(1)} µs/delivery; PostgreSQL CPU ${((pg.postgresCpuSeconds * 1e6) / M).toFixed(0)} µs/msg`,
);
for (const s of [...sockets, sender]) s.terminate();
await server.stop();

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
 *   CHECKOUTS=<dir>,<dir> compares two checkouts (each built, with its own node_modules) in
 *              one run: both servers at once on core 0, each with its room, the messages
 *              alternating between them, so the machine's drift hits both alike
 *   DOCS=urql,apollo  the document per checkout (a checkout from before issue 12 lacks the
 *              fields Apollo's document has since: urql's is the chat screen's as it was)
 */
import { execSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import WebSocket from 'ws';
import { analyzeBenchDatabase } from '../lib/bench-database.ts';
import { INBOX_DOCUMENTS, type InboxDocumentName } from '../lib/client-documents.ts';
import { cpuBetween, takeCpuSnapshot } from '../lib/proc-stats.ts';
import { startToolServer, type ToolServer } from './tool-server.ts';

const R = Number(process.argv[2] ?? 10);
const M = Number(process.argv[3] ?? 1000);
const SEND = 'mutation BenchSend($i0: SendInput!) { send(input: $i0) { id } }';
const body = 'b'.repeat(64);

/** A room of R subscribed members on one server, and its sender's socket. */
interface Bench {
  label: string;
  server: ToolServer;
  delivered: () => number;
  send(tag: string, i: number): Promise<void>;
  close(): void;
}

async function benchOn(
  server: ToolServer,
  label: string,
  document: InboxDocumentName,
): Promise<Bench> {
  const { port, gql } = server;
  const signUp = async (u: string) =>
    (
      await gql(
        'mutation($u:String!){signUp(username:$u,password:"password123"){token user{id}}}',
        { u },
      )
    ).signUp;
  const owner = await signUp('owner');
  const room = (
    await gql('mutation{createRoom(title:"bench",maxMembers:1000){id}}', {}, owner.token)
  ).createRoom.id;
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
                query: INBOX_DOCUMENTS[document].text,
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
  return {
    label,
    server,
    delivered: () => delivered,
    async send(tag, i) {
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
    },
    close() {
      for (const s of [...sockets, sender]) s.terminate();
    },
  };
}

/** CPU µs per thread kind of a server (main thread, libuv and V8 workers). */
function threadCpu(pid: number) {
  const out: Record<string, number> = {};
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    const raw = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
    const name = raw.slice(raw.indexOf('(') + 1, raw.lastIndexOf(')'));
    const f = raw.split(') ')[1]?.split(' ') ?? [];
    const key = `${name}#${tid === String(pid) ? 'main' : 'x'}`;
    out[key] = (out[key] ?? 0) + (Number(f[11]) + Number(f[12])) * 10_000;
  }
  return out;
}

const checkouts = process.env.CHECKOUTS?.split(',') ?? [undefined];
const documents = (process.env.DOCS ?? '').split(',');
const benches: Bench[] = [];
for (const [n, cwd] of checkouts.entries()) {
  const server = await startToolServer({ name: `fanout${n}`, core: 0, cwd, portOffset: n * 300 });
  const document = (documents[n] || process.env.DOC || 'minimal') as InboxDocumentName;
  benches.push(await benchOn(server, `${cwd ?? '.'} (${document})`, document));
}
for (const bench of benches) {
  if (process.env.ANALYZE) await analyzeBenchDatabase(bench.server.database);
  for (let i = 0; i < 200; i++) await bench.send('warm', i);
  if (process.env.PIN_PG)
    execSync(
      `for p in $(pgrep -f "postgres: .*${bench.server.database}"); do taskset -pc ${process.env.PIN_PG} $p >/dev/null; done`,
    );
}
await new Promise((r) => setTimeout(r, 1000));
const before = benches.map((b) => ({
  threads: threadCpu(b.server.pid),
  cpu: takeCpuSnapshot(b.server.pid, undefined, b.server.database),
  delivered: b.delivered(),
}));
const t0 = performance.now();
// One message at a time, to each room in turn (the order flipped each time).
for (let i = 0; i < M; i++)
  for (const bench of i % 2 ? [...benches].reverse() : benches) await bench.send('m', i);
const wall = (performance.now() - t0) / 1000;
for (const [n, bench] of benches.entries()) {
  const was = before[n] as (typeof before)[number];
  const expected = was.delivered + M * R;
  for (let i = 0; i < 100 && bench.delivered() < expected; i++)
    await new Promise((r) => setTimeout(r, 50));
  const used = cpuBetween(
    was.cpu,
    takeCpuSnapshot(bench.server.pid, undefined, bench.server.database),
  );
  const threads = threadCpu(bench.server.pid);
  if (benches.length > 1) console.log(bench.label);
  for (const [k, v] of Object.entries(threads))
    if (v - (was.threads[k] ?? 0) > 0)
      console.log(`  ${k}: ${((v - (was.threads[k] ?? 0)) / M).toFixed(0)} µs/msg`);
  const got = bench.delivered() - was.delivered;
  const server = used.serverCpuSeconds * 1e6;
  console.log(
    `room ${R}: ${M} msgs, ${got}/${M * R} delivered, ${((M * benches.length) / wall).toFixed(0)} msg/s (all rooms); server CPU ${(server / M).toFixed(0)} µs/msg, ${(server / got).toFixed(1)} µs/delivery; PostgreSQL CPU ${((used.postgresCpuSeconds * 1e6) / M).toFixed(0)} µs/msg`,
  );
}
for (const bench of benches) {
  bench.close();
  await bench.server.stop();
}

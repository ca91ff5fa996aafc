/**
 * What the HTTP fast path (src/http/graphql-post.ts, HTTP_FAST_PATH) saves, per operation a
 * real client sends over HTTP (issue 10 keeps it only if it saves at least 30 % of server CPU
 * on a database-backed operation). Two of our servers (dist/, both pinned to core 0, each on
 * a fresh PostgreSQL database, local Redis), one with the fast path on and one with it off,
 * run at once; per round and operation, <requests> sequential POSTs to each, alternating
 * between the two, as Apollo Client sends them (its `__typename`s added by its own
 * transform). Prints server CPU and PostgreSQL CPU per request, and the saving per round.
 *
 *   taskset -c 1 npx tsx bench/tools/http-cost.ts [requests=2000] [rounds=3]
 *   CHECKOUTS=<new>,<old>  compares two checkouts (each built, with its node_modules) instead,
 *              both with the fast path on: "saved" is then what <new> saves against <old>
 *   ONLY=<text>  runs only the operations whose name holds it (with PROF=<dir>, a profile of one)
 */
import { addTypenameToDocument } from '@apollo/client/utilities';
import { parse, print } from 'graphql';
import { cpuBetween, takeCpuSnapshot } from '../lib/proc-stats.ts';
import { spread } from '../lib/round-stats.ts';
import { startToolServer, type ToolServer } from './tool-server.ts';

const REQUESTS = Number(process.argv[2] ?? 2000);
const ROUNDS = Number(process.argv[3] ?? 3);

const apollo = (text: string) => print(addTypenameToDocument(parse(text)));

/** What a chat screen sends over HTTP: a page of history, the unread counts, a message. */
const OPERATIONS = {
  'typename (no database)': { query: '{ __typename }', variables: () => ({}) },
  'history page (50)': {
    query: apollo(`query History($conversationId: ID!, $last: Int!) {
      messages(conversationId: $conversationId, last: $last) {
        edges { cursor node { id body clientId createdAt kind editedAt deletedAt format
          sender { id username displayName } conversation { id } } }
        pageInfo { hasPreviousPage startCursor }
      }
    }`),
    variables: (room: string) => ({ conversationId: room, last: 50 }),
  },
  unreadCounts: {
    query: apollo(
      'query Unread { unreadCounts { total conversations { conversation { id } count } } }',
    ),
    variables: () => ({}),
  },
  send: {
    query: apollo(`mutation Send($input: SendInput!) {
      send(input: $input) { id body clientId createdAt kind
        sender { id username displayName } conversation { id } }
    }`),
    variables: (room: string, i: number) => ({
      input: { conversationId: room, body: `message ${i}`, clientId: `c${process.pid}.${i}` },
    }),
  },
} as const;
type OperationName = keyof typeof OPERATIONS;

interface Fixture {
  /** Sends the history and the `send` operation. */
  sender: string;
  /** A member with all of it unread: pages history and counts. */
  reader: string;
  room: string;
}

async function setUp(server: ToolServer): Promise<Fixture> {
  const signUp = async (u: string) =>
    (
      await server.gql('mutation($u:String!){signUp(username:$u,password:"password123"){token}}', {
        u,
      })
    ).signUp.token as string;
  const sender = await signUp('sender');
  const room = (
    await server.gql('mutation{createRoom(title:"http",maxMembers:100){id}}', {}, sender)
  ).createRoom.id as string;
  // A room of 10, with history to page through.
  let reader = '';
  for (let i = 1; i < 10; i++) {
    reader = await signUp(`member${i}`);
    await server.gql('mutation($r:ID!){joinRoom(roomId:$r){id}}', { r: room }, reader);
  }
  for (let i = 0; i < 200; i++)
    await server.gql(
      'mutation($r:ID!,$b:String!){send(input:{conversationId:$r,body:$b}){id}}',
      { r: room, b: `history ${i}` },
      sender,
    );
  return { sender, reader, room };
}

async function post(port: number, token: string, query: string, variables: object) {
  const answer = await fetch(`http://127.0.0.1:${port}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await answer.json()) as { errors?: unknown };
  if (body.errors) throw new Error(JSON.stringify(body.errors));
}

// Both servers run at once on the same core, and their requests alternate one by one, so a
// change in the machine's speed (this VM's drifts by 2x within the hour) hits both alike.
const checkouts = process.env.CHECKOUTS?.split(',');
const labels = checkouts ?? ['fast path on', 'off'];
const servers = {
  on: await startToolServer({
    name: 'httpon',
    core: 0,
    cwd: checkouts?.[0],
    env: { HTTP_FAST_PATH: 'on' },
  }),
  off: await startToolServer({
    name: 'httpoff',
    core: 0,
    cwd: checkouts?.[1],
    env: { HTTP_FAST_PATH: checkouts ? 'on' : 'off' },
    portOffset: 300,
  }),
};
const fixtures = { on: await setUp(servers.on), off: await setUp(servers.off) };
const sides = ['on', 'off'] as const;
type Side = (typeof sides)[number];
const rounds = new Map<
  OperationName,
  { server: Record<Side, number>; postgres: Record<Side, number> }[]
>();
try {
  let n = 0;
  for (let round = 0; round < ROUNDS; round++) {
    for (const name of Object.keys(OPERATIONS) as OperationName[]) {
      if (process.env.ONLY && !name.includes(process.env.ONLY)) continue;
      const { query, variables } = OPERATIONS[name];
      const token = (side: Side) =>
        name === 'send' ? fixtures[side].sender : fixtures[side].reader;
      const step = async (i: number) => {
        for (const side of i % 2 ? sides : ([...sides].reverse() as Side[]))
          await post(servers[side].port, token(side), query, variables(fixtures[side].room, n + i));
      };
      for (let i = 0; i < 100; i++) await step(-i - 1 - round * 1000);
      const snap = (side: Side) =>
        takeCpuSnapshot(servers[side].pid, undefined, servers[side].database);
      const before = { on: snap('on'), off: snap('off') };
      for (let i = 0; i < REQUESTS; i++) await step(i);
      n += REQUESTS;
      const used = {
        on: cpuBetween(before.on, snap('on')),
        off: cpuBetween(before.off, snap('off')),
      };
      const per = (side: Side, key: 'serverCpuSeconds' | 'postgresCpuSeconds') =>
        (used[side][key] * 1e6) / REQUESTS;
      const list = rounds.get(name) ?? [];
      list.push({
        server: { on: per('on', 'serverCpuSeconds'), off: per('off', 'serverCpuSeconds') },
        postgres: { on: per('on', 'postgresCpuSeconds'), off: per('off', 'postgresCpuSeconds') },
      });
      rounds.set(name, list);
    }
    process.stderr.write(`round ${round + 1}/${ROUNDS} done\n`);
  }
} finally {
  await servers.on.stop();
  await servers.off.stop();
}

const range = (xs: number[]) => {
  const { median, min, max } = spread(xs);
  return `${median.toFixed(0)} (${min.toFixed(0)}–${max.toFixed(0)})`;
};
console.log(
  `${REQUESTS} requests per operation, side and round, alternating between the two servers; ${ROUNDS} rounds; median (min–max) over rounds`,
);
const [a, b] = labels;
console.log(
  `| operation | server CPU µs, ${a} | ${b} | saved, per round | PostgreSQL CPU µs, ${a} | ${b} |`,
);
console.log('|---|---|---|---|---|---|');
for (const [name, list] of rounds) {
  const pick = (key: 'server' | 'postgres', side: Side) => list.map((r) => r[key][side]);
  const saved = list.map((r) => 100 * (1 - r.server.on / r.server.off));
  console.log(
    `| ${name} | ${range(pick('server', 'on'))} | ${range(pick('server', 'off'))} | ${range(saved)} % | ${range(pick('postgres', 'on'))} | ${range(pick('postgres', 'off'))} |`,
  );
}

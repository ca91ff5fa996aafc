/**
 * What the HTTP fast path (src/http/graphql-post.ts, HTTP_FAST_PATH) saves, per operation a
 * real client sends over HTTP (issue 10 keeps it only if it saves at least 30 % of server CPU
 * on a database-backed operation). Our server (dist/, pinned to core 0, fresh PostgreSQL
 * database, local Redis) is started with the fast path on and off in turn, <rounds> times
 * each; per round and operation, <requests> sequential POSTs on one keep-alive connection,
 * as Apollo Client sends them (its `__typename`s added by its own transform). Prints server
 * CPU and PostgreSQL CPU per request, medians over the rounds, and the saving.
 *
 *   taskset -c 1 npx tsx bench/tools/http-cost.ts [requests=2000] [rounds=3]
 */
import { addTypenameToDocument } from '@apollo/client/utilities';
import { parse, print } from 'graphql';
import { cpuBetween, takeCpuSnapshot } from '../lib/proc-stats.ts';
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

/** Server and PostgreSQL CPU µs per request of each operation, one server start. */
async function measure(fastPath: boolean, round: number) {
  const server = await startToolServer({
    name: `http${fastPath ? 'on' : 'off'}${round}`,
    core: 0,
    env: { HTTP_FAST_PATH: fastPath ? 'on' : 'off' },
  });
  try {
    const fixture = await setUp(server);
    const { room } = fixture;
    const out = new Map<OperationName, { server: number; postgres: number }>();
    for (const name of Object.keys(OPERATIONS) as OperationName[]) {
      const { query, variables } = OPERATIONS[name];
      const token = name === 'send' ? fixture.sender : fixture.reader;
      for (let i = 0; i < 200; i++) await post(server.port, token, query, variables(room, -i - 1));
      const before = takeCpuSnapshot(server.pid, undefined, server.database);
      for (let i = 0; i < REQUESTS; i++)
        await post(server.port, token, query, variables(room, round * REQUESTS + i));
      const used = cpuBetween(before, takeCpuSnapshot(server.pid, undefined, server.database));
      out.set(name, {
        server: (used.serverCpuSeconds * 1e6) / REQUESTS,
        postgres: (used.postgresCpuSeconds * 1e6) / REQUESTS,
      });
    }
    return out;
  } finally {
    await server.stop();
  }
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
};

const runs: {
  on: Awaited<ReturnType<typeof measure>>[];
  off: Awaited<ReturnType<typeof measure>>[];
} = { on: [], off: [] };
for (let round = 0; round < ROUNDS; round++) {
  // Alternated, the order flipped each round, so drift in the machine hits both alike.
  for (const fastPath of round % 2 ? [false, true] : [true, false]) {
    runs[fastPath ? 'on' : 'off'].push(await measure(fastPath, round));
    process.stderr.write(
      `round ${round + 1}/${ROUNDS}, fast path ${fastPath ? 'on' : 'off'} done\n`,
    );
  }
}
console.log(
  `${REQUESTS} sequential requests per operation and round, ${ROUNDS} rounds a side; median (min–max), µs per request`,
);
console.log('| operation | server CPU, fast path on | off | saved | PostgreSQL CPU on | off |');
console.log('|---|---|---|---|---|---|');
for (const name of Object.keys(OPERATIONS) as OperationName[]) {
  const spread = (side: 'on' | 'off', key: 'server' | 'postgres') => {
    const xs = runs[side].map((r) => r.get(name)?.[key] ?? Number.NaN);
    const m = median(xs);
    return {
      m,
      text: `${m.toFixed(0)} (${Math.min(...xs).toFixed(0)}–${Math.max(...xs).toFixed(0)})`,
    };
  };
  const on = spread('on', 'server');
  const off = spread('off', 'server');
  console.log(
    `| ${name} | ${on.text} | ${off.text} | ${(100 * (1 - on.m / off.m)).toFixed(0)} % | ${spread('on', 'postgres').text} | ${spread('off', 'postgres').text} |`,
  );
}

/** The docs/BENCHMARKS.md section: one table of ours against baseline, then how to read it. */
import type { ExtrasResults } from './extras-results.ts';
import type { Spread } from './latency-stats.ts';
import type { RetentionResult } from './measure-retention.ts';
import type { SearchResult } from './measure-search.ts';
import { LOAD_CORE, SERVER_CORE } from './settings.ts';

const count = (n: number): string => Math.round(n).toLocaleString('en');

function ms(value: number): string {
  if (value < 10) return value.toFixed(2);
  if (value < 100) return value.toFixed(1);
  return count(value);
}

function ratio(value: number): string {
  return value < 10 ? `${value.toFixed(2)}×` : `${value.toFixed(1)}×`;
}

function spreadOf(s: Spread, format: (n: number) => string, unit = ''): string {
  return `${format(s.median)}${unit} (${format(s.min)}–${format(s.max)})`;
}

/** "met" or "missed", judged on the median ratio. */
function verdict(median: number, target: { atMost?: number; atLeast?: number }): string {
  const met =
    (target.atMost === undefined || median <= target.atMost) &&
    (target.atLeast === undefined || median >= target.atLeast);
  const bound = target.atMost !== undefined ? `≤ ${target.atMost}×` : `≥ ${target.atLeast}×`;
  return `${bound}: **${met ? 'met' : 'missed'}**`;
}

const msCell = (s: Spread) => spreadOf(s, ms, ' ms');
const ratios = (s: Spread) => spreadOf(s, ratio);

export function renderExtrasMarkdown(r: ExtrasResults): string {
  const { plan, machine, inboxReplay: replay, historyPage: page, sendThroughput: sends } = r;
  const unread = r.unreadCounts;
  const rate = (s: Spread) => spreadOf(s, count, '/s');
  const rows = [
    [
      `1. Inbox replay: ${count(replay.events)} stored MessageEvents to a reconnecting user, \`subscribe\` → last \`next\``,
      msCell(replay.oursMs),
      msCell(replay.bareMs),
      ratios(replay.ratio),
      '—',
    ],
    [
      `2. History page (last ${page.pageSize}, random \`before\`) at ${count(page.storedMessages)} messages, p50`,
      msCell(page.oursP50Ms),
      msCell(page.baselineP50Ms),
      ratios(page.p50Ratio),
      '—',
    ],
    [
      '2. … p99',
      msCell(page.oursP99Ms),
      msCell(page.baselineP99Ms),
      ratios(page.p99Ratio),
      verdict(page.p99Ratio.median, { atMost: 2 }),
    ],
    [
      `3. Persisted sends/s, ${sends.senders} senders in ${sends.senders} DMs (closed loop, ${sends.durationMs / 1000} s)`,
      rate(sends.directPerSecond),
      rate(sends.barePerSecond),
      ratios(sends.directRatio),
      verdict(sends.directRatio.median, { atLeast: 0.5 }),
    ],
    [
      `3. … ${sends.senders} senders in one room of ${sends.senders} (for comparison)`,
      rate(sends.roomPerSecond),
      rate(sends.barePerSecond),
      ratios(sends.roomRatio),
      '—',
    ],
    [
      `4. \`unreadCounts\` over ${count(unread.conversations)} unread conversations, p50`,
      msCell(unread.oursP50Ms),
      msCell(unread.baselineP50Ms),
      ratios(unread.p50Ratio),
      '—',
    ],
    [
      '4. … p99',
      msCell(unread.oursP99Ms),
      msCell(unread.baselineP99Ms),
      ratios(unread.p99Ratio),
      '—',
    ],
  ];
  rows.push(...searchRows(r.search), ...retentionRows(r.retention));
  const table = [
    '| measurement | ours | baseline | ours ÷ baseline | target |',
    '|---|---|---|---|---|',
    ...rows.map((cells) => `| ${cells.join(' | ')} |`),
  ];
  return [
    `### Run of ${r.date}`,
    '',
    `- Command: \`${r.command}\` (took ${count(r.durationSeconds)} s; raw results: \`${r.resultsFile}\`)`,
    `- Machine: ${machine.nproc} cores, ${machine.cpuModel}; Node ${machine.node}; PostgreSQL ${machine.postgres}; Redis ${machine.redis}`,
    `- Placement: the chat server (\`node dist/main.js\`, as \`npm start\` runs it, on PostgreSQL and a private redis-server), that redis-server and the bare-push server on core ${SERVER_CORE};` +
      ` the load process (every client, and the baselines' \`postgres\` connections) on core ${LOAD_CORE}${r.loadPinned ? '' : ' (**pinning failed: unpinned**)'}; PostgreSQL itself unpinned. Fresh database \`bench_x_<random>\`, bulk-seeded, dropped afterwards.`,
    `- ${plan.rounds} rounds; figures are median (min–max) over rounds. Ratios are taken per round (ours and baseline run back to back) and then summarised. Times and latencies: higher is worse; sends/s: lower is worse.`,
    '',
    ...table,
    '',
    'Baselines:',
    `1. **Bare push**: a plain \`ws\` server (own process, same core) that answers the graphql-transport-ws handshake and writes the ${count(replay.events)} frames our server sent (captured byte for byte, ${replay.meanFrameBytes} bytes each on average) to the socket in a loop; timed by the same client code.`,
    `2. **Raw SQL**: \`select * from messages where conversation_id = $1 and seq < $2 order by seq desc limit ${page.pageSize + 1}\` through the \`postgres\` client from the load process, one at a time, ${page.requestsPerRound} per round (ours: ${page.requestsPerRound} sequential GraphQL POSTs over one keep-alive connection, at other random positions).`,
    `3. **Bare INSERT**: ${sends.senders} \`postgres\` connections each running single-row autocommit \`insert into messages (...) values (...)\` into its own conversation, closed loop, same duration. Ours: ${sends.senders} keep-alive HTTP clients each POSTing the \`send\` mutation (no clientId), the next as soon as the answer arrives.`,
    `4. **Raw SQL**: the members ⋈ conversations query that \`unreadCounts()\` in src/chat/reads.ts runs, through the \`postgres\` client, ${unread.requestsPerRound} per round.`,
    `5. **Raw SQL**: the two statements \`searchMessages\` in src/chat/messages/search.ts runs (the viewer's conversations, then the page of ${r.search.pageSize + 1} rows in a transaction with its planner settings), through the \`postgres\` client. ${count(r.search.storedMessages)} messages in ${count(r.search.conversations)} rooms; the viewer is in ${r.search.viewerConversations} (${count(r.search.viewerMessages)} messages). Queries: ${Object.entries(
      r.search.kinds,
    )
      .map(([kind, k]) => `${kind} ${k.queries.map((q) => `"${q}"`).join(', ')}`)
      .join('; ')}.`,
  ].join('\n');
}

/** Rows of measurement 6: the run's length, and sends waiting during it against without it. */
export function retentionRows(r: RetentionResult): string[][] {
  const fixed = (n: number) => `${n.toFixed(1)} ms`;
  return [
    [
      `6. Retention: one run removing ${count(r.removedMessages)} messages and ${count(r.removedEvents)} events (batches of ${r.batchSize})`,
      `${r.totalSeconds.toFixed(1)} s`,
      '—',
      '—',
      '—',
    ],
    [
      `6. … ${r.senders} concurrent senders into those conversations: send p50 / p99 / max`,
      `${fixed(r.during.p50Ms)} / ${fixed(r.during.p99Ms)} / ${fixed(r.during.maxMs)}`,
      `${fixed(r.without.p50Ms)} / ${fixed(r.without.p99Ms)} / ${fixed(r.without.maxMs)} (without retention)`,
      '—',
      '—',
    ],
  ];
}

/** Rows of measurement 5: p50 and p99 per kind of query; issue 13's target is p99 < 50 ms. */
export function searchRows(search: SearchResult): string[][] {
  return Object.entries(search.kinds).flatMap(([kind, k]) => [
    [
      `5. \`searchMessages\` (${kind}) over ${count(search.storedMessages)} messages, p50`,
      msCell(k.oursP50Ms),
      msCell(k.baselineP50Ms),
      ratios(k.p50Ratio),
      '—',
    ],
    [
      '5. … p99',
      msCell(k.oursP99Ms),
      msCell(k.baselineP99Ms),
      ratios(k.p99Ratio),
      `${k.oursP99Ms.median < 50 ? 'met' : 'missed'} (< 50 ms)`,
    ],
  ]);
}

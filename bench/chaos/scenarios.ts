/**
 * The faults, each injected while a stream of direct messages flows between pairs of
 * users (sender on one instance, receiver subscribed on one instance: every combination),
 * and what the ledger says afterwards.
 */
import type { Cluster } from './cluster.ts';
import { Ledger, type Totals } from './ledger.ts';
import { Receiver } from './receiver.ts';
import { type Party, runSender } from './sender.ts';

export interface FaultContext {
  cluster: Cluster;
  /** Resolves once this many sends of the scenario were acknowledged. */
  whenAcked(count: number): Promise<void>;
  total: number;
  short: boolean;
  /** What the fault did, for the table's notes column. */
  note(text: string): void;
}

export interface Scenario {
  name: string;
  pairs: number;
  perSender: number;
  env?: Record<string, string>;
  fault(ctx: FaultContext): Promise<void>;
}

const crashChance = (short: boolean) => (short ? '0.03' : '0.04');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function scenarios(short: boolean): Scenario[] {
  return [
    {
      name: 'Redis restart mid-stream',
      pairs: 20,
      perSender: short ? 75 : 300,
      async fault({ cluster, whenAcked, total, note }) {
        await whenAcked(Math.floor(total / 3));
        await cluster.redis.kill();
        const downMs = short ? 1_500 : 3_000;
        await sleep(downMs);
        await cluster.redis.start();
        note(`SIGKILL redis-server at 1/3, back after ${downMs / 1000} s`);
      },
    },
    {
      name: 'CLIENT KILL TYPE pubsub',
      pairs: 20,
      perSender: short ? 30 : 100,
      async fault({ cluster, whenAcked, total, note }) {
        let killed = 0;
        for (const part of [1, 2, 3]) {
          await whenAcked(Math.floor((total * part) / 4));
          killed += await cluster.redis.killPubsubClients();
        }
        note(`3 kills at 1/4, 1/2, 3/4 (${killed} connections)`);
      },
    },
    {
      name: 'SIGKILL instance A, senders retry on B',
      pairs: 20,
      perSender: short ? 40 : 150,
      async fault({ cluster, whenAcked, total, short, note }) {
        const kills = short ? 2 : 5;
        for (let k = 1; k <= kills; k++) {
          await whenAcked(Math.floor((total * k) / (kills + 1)));
          await cluster.instances[0].crash();
        }
        note(`${kills} × SIGKILL of A (restarted by the supervisor)`);
      },
    },
    {
      name: 'PostgreSQL outage (proxy cut)',
      pairs: 20,
      perSender: short ? 30 : 100,
      async fault({ cluster, whenAcked, total, short, note }) {
        await whenAcked(Math.floor(total / 3));
        await cluster.postgresProxy.cut();
        const downMs = short ? 3_000 : 5_000;
        await sleep(downMs);
        await cluster.postgresProxy.restore();
        note(`every connection dropped and refused for ${downMs / 1000} s`);
      },
    },
    {
      // Many pairs with few messages each: a lost doorbell is made good by the next doorbell
      // of the same user, so only a pair's last message shows what catch-up alone is for.
      name: 'Crash between commit and publish',
      pairs: short ? 60 : 150,
      perSender: 3,
      env: { CHAT_FAULT_CRASH_AFTER_COMMIT: crashChance(short) },
      async fault({ note }) {
        note(`CHAT_FAULT_CRASH_AFTER_COMMIT=${crashChance(short)} on both instances`);
      },
    },
  ];
}

export interface ScenarioResult {
  name: string;
  totals: Totals;
  notes: string[];
  settleMs: number;
  instanceDeaths: number;
}

export async function runScenario(
  cluster: Cluster,
  parties: Party[],
  scenario: Scenario,
  options: { short: boolean; catchupSeconds: string; settleMs: number; tag: string },
): Promise<ScenarioResult> {
  await cluster.startInstances({
    INBOX_CATCHUP_SECONDS: options.catchupSeconds,
    ...scenario.env,
  });
  const urls = cluster.instances.map((i) => i.httpUrl);
  const wsUrls = cluster.instances.map((i) => i.wsUrl);
  const rotate = <T>(list: T[], first: number) => [...list.slice(first), ...list.slice(0, first)];
  const ledger = new Ledger();
  const notes: string[] = [];
  const pairs = Array.from({ length: scenario.pairs }, (_, i) => ({
    sender: parties[2 * i] as Party,
    receiver: parties[2 * i + 1] as Party,
    senderOn: (i >> 1) & 1,
    receiverOn: i & 1,
  }));
  const receivers = pairs.map(
    (p) => new Receiver(p.receiver, rotate(wsUrls, p.receiverOn), options.tag, ledger),
  );
  await Promise.all(receivers.map((r) => r.ready));

  const total = scenario.pairs * scenario.perSender;
  let acked = 0;
  const waiters: { count: number; resolve: () => void }[] = [];
  const onAck = () => {
    acked += 1;
    for (const w of waiters.filter((w) => w.count <= acked)) {
      waiters.splice(waiters.indexOf(w), 1);
      w.resolve();
    }
  };
  const whenAcked = (count: number) =>
    count <= acked
      ? Promise.resolve()
      : new Promise<void>((resolve) => waiters.push({ count, resolve }));
  const fault = scenario.fault({
    cluster,
    whenAcked,
    total,
    short: options.short,
    note: (text) => notes.push(text),
  });
  await Promise.all(
    pairs.map((p) =>
      runSender(
        {
          tag: options.tag,
          sender: p.sender,
          receiver: p.receiver,
          count: scenario.perSender,
          instances: rotate(urls, p.senderOn),
          onAck,
        },
        ledger,
      ),
    ),
  );
  // A fault waiting for more acknowledgements than came (sends failed) is let go.
  for (const w of waiters.splice(0)) w.resolve();
  await fault;
  const settleStarted = Date.now();
  await ledger.settle(options.settleMs);
  const settleMs = Date.now() - settleStarted;
  for (const r of receivers) r.stop();
  const instanceDeaths = cluster.instances.reduce((n, i) => n + i.deaths, 0);
  await cluster.stopInstances();
  return { name: scenario.name, totals: ledger.totals(), notes, settleMs, instanceDeaths };
}

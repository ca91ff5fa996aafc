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
  /** Senders, each sending to its own receivers. */
  lanes: number;
  /** Receivers of each sender (default 1); message i goes to receiver i % this. */
  receiversPerLane?: number;
  /** Messages each sender sends, one after another. */
  perSender: number;
  env?: Record<string, string>;
  /** Settings for instance A only (the fault switch). */
  envA?: Record<string, string>;
  /**
   * Every sender tries A first and every receiver listens on B: the case where only the
   * doorbell, not the receiver's own socket, can tell B about a message committed on A.
   */
  crossInstance?: boolean;
  fault(ctx: FaultContext): Promise<void>;
}

const CRASH_CHANCE = '0.05';
const debug = (text: string) => {
  if (process.env.CHAOS_DEBUG) console.log(new Date().toISOString(), text);
};
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function scenarios(short: boolean): Scenario[] {
  return [
    {
      name: 'Redis restart mid-stream',
      lanes: 20,
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
      lanes: 20,
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
      lanes: 20,
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
      lanes: 20,
      perSender: short ? 30 : 100,
      async fault({ cluster, whenAcked, total, short, note }) {
        await whenAcked(Math.floor(total / 3));
        await cluster.postgresProxy.cut();
        debug('proxy cut');
        const downMs = short ? 3_000 : 5_000;
        await sleep(downMs);
        await cluster.postgresProxy.restore();
        debug('proxy restored');
        note(`every connection dropped and refused for ${downMs / 1000} s`);
      },
    },
    {
      // One message per receiver: a doorbell lost to a crash is made good by the next
      // doorbell of the same user, so only a receiver's last message shows what catch-up
      // alone is for. Only A crashes; senders go on on B while it restarts.
      name: 'Crash between commit and publish (on A)',
      lanes: 10,
      receiversPerLane: short ? 12 : 30,
      perSender: short ? 12 : 30,
      envA: { CHAT_FAULT_CRASH_AFTER_COMMIT: CRASH_CHANCE },
      crossInstance: true,
      async fault({ note }) {
        note(
          `CHAT_FAULT_CRASH_AFTER_COMMIT=${CRASH_CHANCE} on A; senders try A first, receivers on B`,
        );
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
  await cluster.startInstances(
    { INBOX_CATCHUP_SECONDS: options.catchupSeconds, ...scenario.env },
    scenario.envA,
  );
  const urls = cluster.instances.map((i) => i.httpUrl);
  const wsUrls = cluster.instances.map((i) => i.wsUrl);
  const rotate = <T>(list: T[], first: number) => [...list.slice(first), ...list.slice(0, first)];
  const ledger = new Ledger();
  const notes: string[] = [];
  const perLane = scenario.receiversPerLane ?? 1;
  const lanes = Array.from({ length: scenario.lanes }, (_, i) => ({
    sender: parties[i * (perLane + 1)] as Party,
    receivers: parties.slice(i * (perLane + 1) + 1, (i + 1) * (perLane + 1)),
    senderOn: scenario.crossInstance ? 0 : (i >> 1) & 1,
    receiverOn: scenario.crossInstance ? 1 : i & 1,
  }));
  const receivers = lanes.flatMap((lane) =>
    lane.receivers.map(
      (party) => new Receiver(party, rotate(wsUrls, lane.receiverOn), options.tag, ledger),
    ),
  );
  await Promise.all(receivers.map((r) => r.ready));

  const total = scenario.lanes * scenario.perSender;
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
    lanes.map((lane) =>
      runSender(
        {
          tag: options.tag,
          sender: lane.sender,
          receivers: lane.receivers,
          count: scenario.perSender,
          instances: rotate(urls, lane.senderOn),
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
  debug('load done');
  await ledger.settle(options.settleMs);
  debug(`settled: ${ledger.missing().length} missing`);
  if (process.env.CHAOS_DEBUG) console.log(ledger.slowest(8).join('\n'));
  const settleMs = Date.now() - settleStarted;
  for (const r of receivers) r.stop();
  const instanceDeaths = cluster.instances.reduce((n, i) => n + i.deaths, 0);
  await cluster.stopInstances();
  return { name: scenario.name, totals: ledger.totals(), notes, settleMs, instanceDeaths };
}

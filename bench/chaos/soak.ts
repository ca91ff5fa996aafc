/**
 * Steady load for a while: senders at a fixed pace with live receivers, and each
 * instance's memory (RSS, heap) and handles at the start and at the end.
 */
import type { Cluster } from './cluster.ts';
import { Ledger, type Totals } from './ledger.ts';
import { Receiver } from './receiver.ts';
import { type Party, runSender } from './sender.ts';
import { signUpParties } from './users.ts';

const PAIRS = 20;
const SEND_EVERY_MS = 500;
const WARM_UP_MS = 20_000;

/** Runs the soak and returns the ledger's totals (the caller fails on any defect). */
export async function runSoak(cluster: Cluster, minutes: number): Promise<Totals> {
  await cluster.startInstances({ INBOX_CATCHUP_SECONDS: '3' });
  const urls = cluster.instances.map((i) => i.httpUrl);
  const wsUrls = cluster.instances.map((i) => i.wsUrl);
  const parties = await signUpParties(urls, 2 * PAIRS);
  const ledger = new Ledger();
  const receivers = Array.from(
    { length: PAIRS },
    (_, i) =>
      new Receiver(
        parties[2 * i + 1] as Party,
        i & 1 ? [...wsUrls].reverse() : wsUrls,
        'soak',
        ledger,
      ),
  );
  await Promise.all(receivers.map((r) => r.ready));
  const endAt = Date.now() + minutes * 60_000;
  const senders = Array.from({ length: PAIRS }, (_, i) =>
    runSender(
      {
        tag: 'soak',
        sender: parties[2 * i] as Party,
        receivers: [parties[2 * i + 1] as Party],
        count: Number.MAX_SAFE_INTEGER,
        instances: (i >> 1) & 1 ? [...urls].reverse() : urls,
        onAck: () => {},
        stopped: () => Date.now() >= endAt,
        paceMs: SEND_EVERY_MS,
      },
      ledger,
    ),
  );
  const sample = async (label: string) => {
    for (const instance of cluster.instances) {
      const r = await instance.resources();
      console.log(
        `${label} ${instance.name}: rss ${r.rssMb.toFixed(1)} MiB, heap ${r.heapMb.toFixed(1)} MiB, handles ${r.handles}`,
      );
    }
  };
  await new Promise((resolve) => setTimeout(resolve, WARM_UP_MS));
  await sample('start (after warm-up)');
  await Promise.all(senders);
  await ledger.settle(20_000);
  await sample('end');
  for (const r of receivers) r.stop();
  const t = ledger.totals();
  console.log(
    `soak ${minutes} min, ${PAIRS} pairs at ${1000 / SEND_EVERY_MS} msg/s each: ${t.sends} sends, ${t.acknowledged} acknowledged, lost ${t.lost}, duplicated ${t.duplicated}, reordered ${t.reordered}, gaps ${t.gaps}, p99 ${Math.round(t.p99DelayMs)} ms, max ${t.maxDelayMs} ms`,
  );
  return t;
}

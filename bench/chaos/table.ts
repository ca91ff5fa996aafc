/** The chaos table, as Markdown. */
import type { ScenarioResult } from './scenarios.ts';

const seconds = (ms: number) => (ms / 1000).toFixed(1);

export function chaosTable(results: ScenarioResult[]): string {
  const head = [
    'fault',
    'sends',
    'acknowledged',
    'failed',
    'unknown',
    'retries',
    'ack. lost',
    'duplicated',
    'reordered',
    'gaps',
    'catch-up s (max ack→delivery)',
    'p99 ms',
    'error results',
    'resumes',
    'instance deaths',
    'what the fault did',
  ];
  const rows = results.map((r) => {
    const t = r.totals;
    return [
      r.name,
      t.sends,
      t.acknowledged,
      t.failed,
      t.unknown,
      t.retries,
      t.lost,
      t.duplicated,
      t.reordered,
      t.gaps,
      seconds(t.maxDelayMs),
      Math.round(t.p99DelayMs),
      t.errorResults,
      t.resumes,
      r.instanceDeaths,
      r.notes.join('; '),
    ];
  });
  return [head, head.map(() => '---'), ...rows].map((r) => `| ${r.join(' | ')} |`).join('\n');
}

/** Acknowledged messages lost or duplicated, or delivered out of order or with gaps. */
export function defects(results: Pick<ScenarioResult, 'totals'>[]): number {
  return results.reduce(
    (n, r) => n + r.totals.lost + r.totals.duplicated + r.totals.reordered + r.totals.gaps,
    0,
  );
}

/** Command line of bench/run.ts. */
import { ALL_PEERS, findPeer } from '../peers/index.ts';
import type { PeerDefinition } from '../peers/peer-types.ts';
import { type BenchPlan, FULL_PLAN, QUICK_PLAN } from './bench-config.ts';

export interface CliOptions {
  quick: boolean;
  plan: BenchPlan;
  peers: PeerDefinition[];
  /** Quick runs are smoke tests: they only touch docs/BENCHMARKS.md when asked to. */
  writeDocs: boolean;
  /** Where to write the raw results instead of bench/results/<date>[-quick].json. */
  out: string | undefined;
}

export const USAGE = `usage: tsx bench/run.ts [--quick] [--peers a,b,c|ws-inproc,...] [--rounds N] [--docs|--no-docs] [--out FILE]
  --quick     1 round, short phases, 2,000 idle connections (smoke run; results go to <date>-quick.json
              and docs/BENCHMARKS.md is left alone unless --docs)
  --peers     subset by letter or name (${ALL_PEERS.map((p) => `${p.letter}=${p.name}`).join(' ')}); default all
  --rounds N  override the number of interleaved rounds (default 3, quick 1)
  --out FILE  write the raw results there instead of bench/results/ (e.g. a scratch path for smoke runs)`;

export function parseCliOptions(argv: readonly string[]): CliOptions {
  let quick = false;
  let peers: PeerDefinition[] = [...ALL_PEERS];
  let rounds: number | undefined;
  let docs: boolean | undefined;
  let out: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = (): string => {
      const next = argv[++i];
      if (next === undefined) throw new Error(`${arg} needs a value\n${USAGE}`);
      return next;
    };
    if (arg === '--quick') quick = true;
    else if (arg === '--peers')
      peers = value()
        .split(',')
        .map((key) => findPeer(key.trim()));
    else if (arg === '--rounds') rounds = Number(value());
    else if (arg === '--docs') docs = true;
    else if (arg === '--no-docs') docs = false;
    else if (arg === '--out') out = value();
    else if (arg === '--help' || arg === '-h') throw new Error(USAGE);
    else throw new Error(`unknown argument ${arg}\n${USAGE}`);
  }
  const base = quick ? QUICK_PLAN : FULL_PLAN;
  if (rounds !== undefined && !(Number.isInteger(rounds) && rounds >= 1))
    throw new Error('--rounds must be >= 1');
  return {
    quick,
    plan: { ...base, rounds: rounds ?? base.rounds },
    peers,
    writeDocs: docs ?? !quick,
    out,
  };
}

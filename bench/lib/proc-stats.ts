/**
 * CPU time and resident memory of other processes, read from /proc so the
 * generator can attribute cost to the server (and Redis) without their help.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

/** Kernel clock ticks per second for utime/stime (almost always 100). */
const CLOCK_TICKS_PER_SECOND =
  Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;

/**
 * On-CPU time of all threads of `pid`, in seconds, with nanosecond resolution
 * from /proc/<pid>/task/<tid>/schedstat. utime+stime in /proc/<pid>/stat only
 * ticks every 10 ms, too coarse for e.g. Redis at 25 messages/s. Caveat: a
 * thread that exits between two samples takes its time with it; Node's and
 * Redis' threads live as long as the process, so this does not happen here.
 */
export function processCpuSeconds(pid: number): number {
  try {
    let nanoseconds = 0;
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
      nanoseconds += Number(
        readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ')[0],
      );
    }
    return nanoseconds / 1e9;
  } catch {
    return processStatCpuSeconds(pid);
  }
}

/** utime + stime of the whole thread group, in seconds (10 ms resolution). */
export function processStatCpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name (field 2) may contain spaces and parentheses: parse after the last ')'.
  const fieldsAfterComm = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // Field 3 (state) is index 0 here, so utime (14) is index 11 and stime (15) index 12.
  const utime = Number(fieldsAfterComm[11]);
  const stime = Number(fieldsAfterComm[12]);
  return (utime + stime) / CLOCK_TICKS_PER_SECOND;
}

/** VmRSS in bytes. */
export function processRssBytes(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = /^VmRSS:\s+(\d+)\s+kB$/m.exec(status);
  if (!match?.[1]) throw new Error(`no VmRSS for pid ${pid}`);
  return Number(match[1]) * 1024;
}

/** Soft RLIMIT_NOFILE of this process (children inherit it). */
export function openFileLimit(): number {
  const limits = readFileSync('/proc/self/limits', 'utf8');
  const match = /^Max open files\s+(\d+|unlimited)/m.exec(limits);
  if (!match?.[1] || match[1] === 'unlimited') return Number.POSITIVE_INFINITY;
  return Number(match[1]);
}

/** Titles of PostgreSQL's own processes (not tied to one database), as in `ps`. */
const POSTGRES_AUXILIARY =
  /: (checkpointer|background writer|walwriter|autovacuum launcher|logical replication launcher|archiver|stats collector|startup|walreceiver|walsender)\b/;

/**
 * CPU seconds per pid of the PostgreSQL processes that work for `database`:
 * its backends (and autovacuum workers) — their process title names the
 * database — plus the postmaster and its auxiliary processes (WAL writer,
 * checkpointer, ...), which serve every database of the cluster. Backends of
 * other databases are left out. Needs the cluster on this host (same /proc).
 */
export function postgresCpuByPid(database: string): Map<number, number> {
  const byPid = new Map<number, number>();
  const nameToken = new RegExp(`(^|\\s)${database.replace(/[^A-Za-z0-9_]/g, '')}(\\s|$)`);
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return byPid;
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/comm`, 'utf8').trim() !== 'postgres') continue;
      const title = readFileSync(`/proc/${entry}/cmdline`, 'utf8').replace(/\0/g, ' ').trim();
      const postmaster = !title.startsWith('postgres:');
      if (!postmaster && !POSTGRES_AUXILIARY.test(title) && !nameToken.test(title)) continue;
      byPid.set(Number(entry), processCpuSeconds(Number(entry)));
    } catch {
      // The process exited while we looked at it.
    }
  }
  return byPid;
}

/** Pids of the backends (and autovacuum workers) of `database`: their process title names it. */
export function postgresBackendPids(database: string): number[] {
  const nameToken = new RegExp(`(^|\\s)${database.replace(/[^A-Za-z0-9_]/g, '')}(\\s|$)`);
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/comm`, 'utf8').trim() !== 'postgres') continue;
      const title = readFileSync(`/proc/${entry}/cmdline`, 'utf8').replace(/\0/g, ' ').trim();
      if (title.startsWith('postgres:') && nameToken.test(title)) pids.push(Number(entry));
    } catch {
      // exited meanwhile
    }
  }
  return pids;
}

/** Cpus_allowed_list of a process, e.g. "0" or "0-1"; undefined if it is gone. */
export function allowedCpuList(pid: number): string | undefined {
  try {
    return /^Cpus_allowed_list:\s*(\S+)/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  } catch {
    return undefined;
  }
}

/** CPU seconds of several processes, sampled together. Missing pids read as 0. */
export interface CpuSnapshot {
  server: number;
  redis: number;
  /** Per pid, empty when the peer has no PostgreSQL (see postgresCpuByPid). */
  postgres: Map<number, number>;
  generator: number;
  wallMs: number;
}

export function takeCpuSnapshot(
  serverPid: number,
  redisPid: number | undefined,
  postgresDatabase?: string,
): CpuSnapshot {
  const own = process.cpuUsage();
  return {
    server: processCpuSeconds(serverPid),
    redis: redisPid === undefined ? 0 : processCpuSeconds(redisPid),
    postgres: postgresDatabase === undefined ? new Map() : postgresCpuByPid(postgresDatabase),
    generator: (own.user + own.system) / 1e6,
    wallMs: performance.now(),
  };
}

export interface CpuUsage {
  wallSeconds: number;
  serverCpuSeconds: number;
  redisCpuSeconds: number;
  /**
   * PostgreSQL processes (see postgresCpuByPid), 0 for peers without it. A
   * process that started in between counts in full; one that exited in between
   * (a short-lived autovacuum worker) is missed.
   */
  postgresCpuSeconds: number;
  generatorCpuSeconds: number;
  /** Generator CPU / wall: close to 1.0 means the generator, not the server, was the bottleneck. */
  generatorCoreShare: number;
}

export function cpuBetween(before: CpuSnapshot, after: CpuSnapshot): CpuUsage {
  const wallSeconds = (after.wallMs - before.wallMs) / 1000;
  const generatorCpuSeconds = after.generator - before.generator;
  let postgresCpuSeconds = 0;
  for (const [pid, seconds] of after.postgres)
    postgresCpuSeconds += seconds - (before.postgres.get(pid) ?? 0);
  return {
    wallSeconds,
    serverCpuSeconds: after.server - before.server,
    redisCpuSeconds: after.redis - before.redis,
    postgresCpuSeconds,
    generatorCpuSeconds,
    generatorCoreShare: wallSeconds > 0 ? generatorCpuSeconds / wallSeconds : 0,
  };
}

/**
 * CPU time and resident memory of other processes, read from /proc so the
 * generator can attribute cost to the server (and Redis) without their help.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

/** Kernel clock ticks per second for utime/stime (almost always 100). */
const CLOCK_TICKS_PER_SECOND = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;

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
      nanoseconds += Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ')[0]);
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

/** CPU seconds of several processes, sampled together. Missing pids read as 0. */
export interface CpuSnapshot {
  server: number;
  redis: number;
  generator: number;
  wallMs: number;
}

export function takeCpuSnapshot(serverPid: number, redisPid: number | undefined): CpuSnapshot {
  const own = process.cpuUsage();
  return {
    server: processCpuSeconds(serverPid),
    redis: redisPid === undefined ? 0 : processCpuSeconds(redisPid),
    generator: (own.user + own.system) / 1e6,
    wallMs: performance.now(),
  };
}

export interface CpuUsage {
  wallSeconds: number;
  serverCpuSeconds: number;
  redisCpuSeconds: number;
  generatorCpuSeconds: number;
  /** Generator CPU / wall: close to 1.0 means the generator, not the server, was the bottleneck. */
  generatorCoreShare: number;
}

export function cpuBetween(before: CpuSnapshot, after: CpuSnapshot): CpuUsage {
  const wallSeconds = (after.wallMs - before.wallMs) / 1000;
  const generatorCpuSeconds = after.generator - before.generator;
  return {
    wallSeconds,
    serverCpuSeconds: after.server - before.server,
    redisCpuSeconds: after.redis - before.redis,
    generatorCpuSeconds,
    generatorCoreShare: wallSeconds > 0 ? generatorCpuSeconds / wallSeconds : 0,
  };
}

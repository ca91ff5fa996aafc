/** Where and with what the figures were taken, for the report header. */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { packageVersion } from '../lib/machine-info.ts';
import type { Db } from './fixtures.ts';

export interface MachineInfo {
  nproc: number;
  cpuModel: string;
  node: string;
  postgres: string;
  redis: string;
  packages: Record<string, string>;
}

const REPORTED_PACKAGES = [
  'graphql-yoga',
  'graphql-ws',
  'ws',
  'postgres',
  'drizzle-orm',
  'ioredis',
];

export async function collectMachineInfo(repoRoot: string, sql: Db): Promise<MachineInfo> {
  const cpuinfo = readFileSync('/proc/cpuinfo', 'utf8');
  const [row] = await sql<{ server_version: string }[]>`show server_version`;
  let redis = 'unknown';
  try {
    redis =
      /v=(\S+)/.exec(execFileSync('redis-server', ['--version'], { encoding: 'utf8' }))?.[1] ??
      redis;
  } catch {}
  return {
    // Not `nproc`: it counts only the cores this (pinned) process may use.
    nproc: os.cpus().length,
    cpuModel: /^model name\s*:\s*(.+)$/m.exec(cpuinfo)?.[1]?.trim() ?? 'unknown',
    node: process.version,
    postgres: row?.server_version ?? 'unknown',
    redis,
    packages: Object.fromEntries(
      REPORTED_PACKAGES.map((name) => [name, packageVersion(repoRoot, name)]),
    ),
  };
}

/**
 * Moves every thread of this (load) process onto one core; children started later
 * inherit it unless pinned elsewhere, as the servers are.
 */
export function pinThisProcess(core: number): boolean {
  try {
    execFileSync('taskset', ['-a', '-cp', String(core), String(process.pid)], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** What the report header says about where and with what the numbers were taken. */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface MachineInfo {
  nproc: number;
  cpuModel: string;
  memoryGiB: number;
  kernel: string;
  node: string;
  redisServer: string;
  packages: Record<string, string>;
}

const REPORTED_PACKAGES = [
  'ws',
  'ioredis',
  'socket.io',
  '@socket.io/redis-adapter',
  'postgres',
  // Their document transforms make the chat peers' inbox documents (lib/client-documents.ts).
  '@apollo/client',
  '@urql/core',
  'tsx',
  'typescript',
];

/** The installed version of a package, or 'not installed'. */
export function packageVersion(repoRoot: string, name: string): string {
  try {
    const manifest = readFileSync(
      path.join(repoRoot, 'node_modules', name, 'package.json'),
      'utf8',
    );
    return (JSON.parse(manifest) as { version: string }).version;
  } catch {
    return 'not installed';
  }
}

export function collectMachineInfo(repoRoot: string): MachineInfo {
  const cpuinfo = readFileSync('/proc/cpuinfo', 'utf8');
  const meminfo = readFileSync('/proc/meminfo', 'utf8');
  const memKiB = Number(/^MemTotal:\s+(\d+)/m.exec(meminfo)?.[1] ?? 0);
  let redisServer = 'unknown';
  try {
    redisServer = execFileSync('redis-server', ['--version'], { encoding: 'utf8' }).trim();
  } catch {}
  return {
    nproc: Number(execFileSync('nproc', { encoding: 'utf8' }).trim()),
    cpuModel: /^model name\s*:\s*(.+)$/m.exec(cpuinfo)?.[1]?.trim() ?? 'unknown',
    memoryGiB: Math.round((memKiB / 1024 / 1024) * 10) / 10,
    kernel: `${os.type()} ${os.release()}`,
    node: process.version,
    redisServer,
    packages: Object.fromEntries(
      REPORTED_PACKAGES.map((name) => [name, packageVersion(repoRoot, name)]),
    ),
  };
}

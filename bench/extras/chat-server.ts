/**
 * Our server as production runs it (`npm start`: compiled dist/main.js on plain node) in its
 * own process pinned to the server core, configured only through its environment.
 */
import { randomBytes } from 'node:crypto';
import { request } from 'node:http';
import path from 'node:path';
import { compiledEntry } from '../lib/compiled-entry.ts';
import { pickFreePort } from '../lib/free-port.ts';
import { PinnedChild } from './pinned-child.ts';

export interface ChatServer {
  url: string;
  jwtSecret: string;
  child: PinnedChild;
}

export interface ChatServerOptions {
  repoRoot: string;
  core: number;
  databaseUrl: string;
  redisUrl: string;
  readyTimeoutMs: number;
}

function readyz(url: string): Promise<boolean> {
  return new Promise((resolve) => {
    const req = request(`${url}/readyz`, { timeout: 1_000 }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.once('timeout', () => req.destroy());
    req.once('error', () => resolve(false));
    req.end();
  });
}

export async function startChatServer(options: ChatServerOptions): Promise<ChatServer> {
  const port = await pickFreePort();
  // 40 characters: the server wants at least 32 bytes; the load side signs tokens with it.
  const jwtSecret = randomBytes(30).toString('base64url');
  const child = new PinnedChild(
    'chat server',
    options.core,
    [
      process.execPath,
      // BENCH_SERVER_CPU_PROF=<dir>: a .cpuprofile of the server, as in bench/run.ts.
      ...(process.env.BENCH_SERVER_CPU_PROF
        ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(process.env.BENCH_SERVER_CPU_PROF)}`]
        : []),
      compiledEntry(options.repoRoot, 'src/main.ts'),
    ],
    {
      cwd: options.repoRoot,
      env: {
        PORT: String(port),
        HOST: '127.0.0.1',
        // As production runs it (and as bench/run.ts runs it): graphql's development checks off.
        NODE_ENV: 'production',
        DATABASE_URL: options.databaseUrl,
        REDIS_URL: options.redisUrl,
        REDIS_PREFIX: `bench-x-${randomBytes(4).toString('hex')}:`,
        RATE_LIMITS: 'off',
        JWT_SECRET: jwtSecret,
        LOG_LEVEL: process.env.BENCH_SERVER_LOG_LEVEL ?? 'warn',
      },
    },
  );
  const url = `http://127.0.0.1:${port}`;
  await child.waitUntil(() => readyz(url), options.readyTimeoutMs);
  return { url, jwtSecret, child };
}

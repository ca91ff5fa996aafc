/**
 * Our server as the one-file tools here run it: `dist/` (built first), on a fresh PostgreSQL
 * database and the local Redis under its own key prefix, rate limits off, quiet logs.
 * `PROF=<dir>` writes a .cpuprofile of it on stop.
 */
import { execSync, spawn } from 'node:child_process';

export interface ToolServer {
  pid: number;
  port: number;
  /** The fresh database's name (its backends can be found and pinned by it). */
  database: string;
  /** A GraphQL POST; `data` of the answer (these tools ask only what works). */
  // biome-ignore lint/suspicious/noExplicitAny: ad-hoc answers of a few known operations
  gql(query: string, variables: object, token?: string): Promise<any>;
  /** Stops the server and drops its database. */
  stop(): Promise<void>;
}

export async function startToolServer(options: {
  /** Names the database and the Redis prefix. */
  name: string;
  /** `taskset -c <core>` for the server. */
  core?: number;
  env?: Record<string, string>;
  /** Added to the port, for two servers of one tool at once. */
  portOffset?: number;
  /** The checkout to build and run (default: this one); it needs its own node_modules. */
  cwd?: string;
}): Promise<ToolServer> {
  const database = `${options.name}_${process.pid}`;
  execSync(`psql -h 127.0.0.1 -U postgres -d test -qc "create database ${database}"`);
  execSync('npm run -s build', { cwd: options.cwd });
  const port = 4700 + (process.pid % 290) + (options.portOffset ?? 0);
  const node = [
    process.execPath,
    ...(process.env.PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.PROF}`] : []),
    'dist/main.js',
  ];
  const [command, ...args] =
    options.core === undefined ? node : ['taskset', '-c', String(options.core), ...node];
  const child = spawn(command as string, args, {
    env: {
      ...process.env,
      PORT: String(port),
      NODE_ENV: process.env.NODE_ENV ?? '',
      DATABASE_URL: `postgres://postgres@127.0.0.1:5432/${database}`,
      REDIS_URL: 'redis://127.0.0.1:6379',
      REDIS_PREFIX: `${options.name}${process.pid}:`,
      RATE_LIMITS: 'off',
      LOG_LEVEL: 'warn',
      JWT_SECRET: 'x'.repeat(40),
      ...options.env,
    },
    cwd: options.cwd,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  for (;;) {
    try {
      await fetch(`http://127.0.0.1:${port}/healthz`);
      break;
    } catch {
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  return {
    pid: child.pid as number,
    port,
    database,
    async gql(query, variables, token) {
      const answer = await fetch(`http://127.0.0.1:${port}/graphql`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
        body: JSON.stringify({ query, variables }),
      });
      return ((await answer.json()) as { data: unknown }).data;
    },
    async stop() {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
      execSync(
        `psql -h 127.0.0.1 -U postgres -d test -qc "drop database ${database} with (force)"`,
      );
    },
  };
}

/**
 * A redis-server of the run's own on a fixed port, so it can be killed and started again
 * where the instances expect it (the shared Redis on 6379 is never touched).
 */
import { Redis } from 'ioredis';
import { LoggedChild } from './child-process.ts';

export interface PrivateRedis {
  url: string;
  /** SIGKILL: every connection drops and nothing is saved. */
  kill(): Promise<void>;
  start(): Promise<void>;
  /** `CLIENT KILL TYPE pubsub`: every subscribed connection is dropped; returns how many. */
  killPubsubClients(): Promise<number>;
  stop(): Promise<void>;
}

export async function startPrivateRedis(
  port: number,
  cwd: string,
  logFile: string,
): Promise<PrivateRedis> {
  const child = new LoggedChild({
    label: 'redis-server',
    command: 'redis-server',
    args: ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    cwd,
    logFile,
    ready: /Ready to accept connections/,
    readyTimeoutMs: 10_000,
  });
  await child.start();
  const url = `redis://127.0.0.1:${port}`;
  return {
    url,
    kill: () => child.kill('SIGKILL'),
    start: () => child.start(),
    async killPubsubClients() {
      const admin = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0 });
      try {
        await admin.connect();
        return Number(await admin.call('CLIENT', 'KILL', 'TYPE', 'pubsub'));
      } finally {
        admin.disconnect();
      }
    },
    async stop() {
      await child.kill('SIGKILL');
      child.close();
    },
  };
}

/**
 * A throwaway redis-server for the run, pinned to the server core and with
 * persistence off, so the bench neither disturbs nor is disturbed by the
 * shared Redis on 6379 that tests use.
 */
import { firstFreePortFrom } from './free-port.ts';
import { PinnedProcess } from './pinned-process.ts';

const PREFERRED_PORT = 6390;
const READY_TIMEOUT_MS = 10_000;

export interface PrivateRedis {
  process: PinnedProcess;
  url: string;
  port: number;
}

export async function startPrivateRedis(core: number, cwd: string): Promise<PrivateRedis> {
  const port = await firstFreePortFrom(PREFERRED_PORT);
  const redis = new PinnedProcess({
    label: 'redis-server',
    core,
    cwd,
    argv: [
      'redis-server',
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--save',
      '',
      '--appendonly',
      'no',
    ],
  });
  await redis.waitForLine(/Ready to accept connections/, READY_TIMEOUT_MS);
  return { process: redis, url: `redis://127.0.0.1:${port}`, port };
}

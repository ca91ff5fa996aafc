/**
 * A throwaway redis-server for the run (no persistence), on the server core, so the
 * chat server's doorbells neither disturb nor are disturbed by the shared Redis on 6379.
 */
import { createConnection } from 'node:net';
import { pickFreePort } from '../lib/free-port.ts';
import { PinnedChild } from './pinned-child.ts';

export interface PrivateRedis {
  url: string;
  child: PinnedChild;
}

function answersPing(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port }, () => socket.write('PING\r\n'));
    socket.setTimeout(1_000, () => socket.destroy());
    socket.once('data', (data) => {
      socket.destroy();
      resolve(data.toString().startsWith('+PONG'));
    });
    socket.once('error', () => resolve(false));
    socket.once('close', () => resolve(false));
  });
}

export async function startPrivateRedis(
  core: number,
  cwd: string,
  timeoutMs: number,
): Promise<PrivateRedis> {
  const port = await pickFreePort();
  const argv = ['redis-server', '--port', String(port), '--bind', '127.0.0.1'];
  const child = new PinnedChild(
    'redis-server',
    core,
    [...argv, '--save', '', '--appendonly', 'no'],
    {
      cwd,
    },
  );
  await child.waitUntil(() => answersPing(port), timeoutMs);
  return { url: `redis://127.0.0.1:${port}`, child };
}

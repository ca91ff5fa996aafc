import { createConnection } from 'node:net';

export const TEST_DATABASE_URL =
  process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

function reachable(url: string, defaultPort: number): Promise<string | null> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = createConnection({ host: hostname, port: Number(port || defaultPort) });
    const done = (problem: string | null) => {
      socket.destroy();
      resolve(problem);
    };
    socket.setTimeout(1500, () => done('no answer'));
    socket.once('connect', () => done(null));
    socket.once('error', (error: NodeJS.ErrnoException) => done(error.code ?? error.message));
  });
}

/** Which services answer; a problem string names what is unreachable and why. */
export async function probeServices(): Promise<{ ok: boolean; problems: string[] }> {
  const [postgres, redis] = await Promise.all([
    reachable(TEST_DATABASE_URL, 5432),
    reachable(TEST_REDIS_URL, 6379),
  ]);
  const problems = [
    ...(postgres ? [`PostgreSQL at ${TEST_DATABASE_URL}: ${postgres}`] : []),
    ...(redis ? [`Redis at ${TEST_REDIS_URL}: ${redis}`] : []),
  ];
  return { ok: problems.length === 0, problems };
}

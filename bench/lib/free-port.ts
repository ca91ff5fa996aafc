/** Loopback TCP ports for servers the runner starts. */
import { createServer } from 'node:net';

function tryListen(port: number): Promise<number | undefined> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(undefined));
    probe.listen(port, '127.0.0.1', () => {
      const address = probe.address();
      const bound = typeof address === 'object' && address !== null ? address.port : undefined;
      probe.close(() => resolve(bound));
    });
  });
}

/** A port the kernel says is free right now. */
export async function pickFreePort(): Promise<number> {
  const port = await tryListen(0);
  if (port === undefined) throw new Error('no free port on 127.0.0.1');
  return port;
}

/** The first free port at or after `preferred` (tries 20). */
export async function firstFreePortFrom(preferred: number): Promise<number> {
  for (let port = preferred; port < preferred + 20; port++) {
    if ((await tryListen(port)) !== undefined) return port;
  }
  throw new Error(`no free port in ${preferred}..${preferred + 19}`);
}

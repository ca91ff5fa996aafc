import { type ChildProcess, spawn } from 'node:child_process';
import { appendFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** A port nobody listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

export interface ServerProcess {
  httpUrl: string;
  wsUrl: string;
  child: ChildProcess;
  /** Resolves with the exit code. */
  exited: Promise<number | null>;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/**
 * TEST_LOG_FILE: a child server's output joins the suite log (.ci/run searches it for
 * secrets), whole lines at a time, so lines of processes writing at once never interleave.
 */
function toSuiteLog(stream: NodeJS.ReadableStream | null): void {
  const path = process.env.TEST_LOG_FILE;
  if (!path || !stream) return;
  let partial = '';
  stream.on('data', (chunk: Buffer) => {
    partial += chunk.toString();
    const end = partial.lastIndexOf('\n');
    if (end === -1) return;
    appendFileSync(path, partial.slice(0, end + 1));
    partial = partial.slice(end + 1);
  });
  stream.on('end', () => {
    if (partial) appendFileSync(path, `${partial}\n`);
  });
}

/** At least `info`: the child says "listening" at info. */
const childLogLevel = ['debug', 'trace'].includes(process.env.TEST_LOG_LEVEL ?? '')
  ? (process.env.TEST_LOG_LEVEL as string)
  : 'info';

/** `npm start`'s command as a real child process; resolves once it says it listens. */
export async function spawnServer(env: Record<string, string>): Promise<ServerProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: root,
    env: {
      ...process.env,
      ...env,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: childLogLevel,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  toSuiteLog(child.stdout);
  toSuiteLog(child.stderr);
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  );
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`server did not start in 30 s:\n${output}`)),
      30_000,
    );
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('chat server listening')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code} before listening:\n${output}`));
    });
  });
  return {
    httpUrl: `http://127.0.0.1:${port}/graphql`,
    wsUrl: `ws://127.0.0.1:${port}/graphql`,
    child,
    exited,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}

/** A private redis-server on a spare port, to stop and start under a running test. */
export async function startRedis(
  port?: number,
): Promise<{ url: string; port: number; stop(): Promise<void> }> {
  const p = port ?? (await freePort());
  const child = spawn(
    'redis-server',
    ['--port', String(p), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    let output = '';
    const timer = setTimeout(
      () => reject(new Error(`redis-server did not start:\n${output}`)),
      10_000,
    );
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Ready to accept connections')) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
  return {
    url: `redis://127.0.0.1:${p}`,
    port: p,
    async stop() {
      child.kill('SIGKILL');
      await exited;
    },
  };
}

/**
 * A child process the chaos run starts, kills and starts again: its output goes to a log
 * file, and `started` resolves when a line matching `ready` appears.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, type WriteStream } from 'node:fs';

export interface ChildSpec {
  label: string;
  command: string;
  args: string[];
  env?: Record<string, string>;
  cwd: string;
  logFile: string;
  /** A line of output that says the process is ready. */
  ready: RegExp;
  readyTimeoutMs: number;
}

export class LoggedChild {
  private child: ChildProcess | null = null;
  private log: WriteStream;
  /** Resolves when the current process exits. */
  exited: Promise<void> = Promise.resolve();

  constructor(private readonly spec: ChildSpec) {
    this.log = createWriteStream(spec.logFile, { flags: 'a' });
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  get running(): boolean {
    return this.child !== null && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Starts the process; resolves once it printed its ready line. */
  async start(extraEnv: Record<string, string> = {}): Promise<void> {
    const { spec } = this;
    const child = spawn(spec.command, spec.args, {
      cwd: spec.cwd,
      env: { ...process.env, ...spec.env, ...extraEnv },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
    let seen = '';
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(new Error(`${spec.label} not ready in ${spec.readyTimeoutMs} ms:\n${seen}`));
      }, spec.readyTimeoutMs);
      const onData = (chunk: Buffer) => {
        this.log.write(chunk);
        if (seen.length < 64_000) seen += chunk.toString();
        if (spec.ready.test(seen)) {
          clearTimeout(timer);
          resolve();
        }
      };
      child.stdout?.on('data', onData);
      child.stderr?.on('data', onData);
      this.exited.then(() => {
        clearTimeout(timer);
        reject(new Error(`${spec.label} exited before it was ready:\n${seen.slice(-4000)}`));
      });
    });
  }

  /** Sends a signal and waits for the exit (nothing when it is not running). */
  async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    if (!this.running) return;
    this.child?.kill(signal);
    await this.exited;
  }

  close(): void {
    this.log.end();
  }
}

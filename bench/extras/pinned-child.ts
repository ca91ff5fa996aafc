/**
 * Child processes pinned to one core with `taskset -c` (taskset execs the command, so
 * the pid is the measured process). Kept here rather than shared with bench/lib, which
 * the fan-out harness is still reshaping: neither harness breaks the other.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

const KEPT_OUTPUT_LINES = 30;
const STOP_GRACE_MS = 5_000;

/** Every child still running, killed on exit so an error or Ctrl-C leaves nothing behind. */
const running = new Set<PinnedChild>();
process.on('exit', () => {
  for (const child of running) child.killNow();
});

export class PinnedChild {
  private readonly child: ChildProcess;
  private readonly output: string[] = [];
  private readonly exited: Promise<number | null>;

  constructor(
    readonly label: string,
    core: number,
    argv: string[],
    options: { cwd: string; env?: Record<string, string> },
  ) {
    this.child = spawn('taskset', ['-c', String(core), ...argv], {
      cwd: options.cwd,
      env: { ...process.env, ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.exited = new Promise((resolve) => this.child.once('exit', (code) => resolve(code)));
    running.add(this);
    void this.exited.then(() => running.delete(this));
    for (const stream of [this.child.stdout, this.child.stderr]) {
      if (!stream) continue;
      createInterface({ input: stream }).on('line', (line) => {
        this.output.push(line);
        if (this.output.length > KEPT_OUTPUT_LINES) this.output.shift();
      });
    }
  }

  /** The last lines the child printed, for error messages. */
  get outputTail(): string {
    return this.output.join('\n');
  }

  get hasExited(): boolean {
    return this.child.exitCode !== null || this.child.signalCode !== null;
  }

  /** Polls `isReady` every 100 ms until it holds; fails if the child exits or time runs out. */
  async waitUntil(isReady: () => Promise<boolean> | boolean, timeoutMs: number): Promise<void> {
    const deadline = performance.now() + timeoutMs;
    while (performance.now() < deadline) {
      if (this.hasExited) throw new Error(`${this.label} exited before ready:\n${this.outputTail}`);
      if (await isReady()) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`${this.label} not ready within ${timeoutMs} ms:\n${this.outputTail}`);
  }

  /** Whether the child printed a line matching `pattern` yet. */
  printed(pattern: RegExp): boolean {
    return this.output.some((line) => pattern.test(line));
  }

  /** SIGTERM (the chat server drains and closes its database), SIGKILL after a grace period. */
  async stop(): Promise<void> {
    if (this.hasExited) return;
    this.child.kill('SIGTERM');
    const grace = setTimeout(() => this.child.kill('SIGKILL'), STOP_GRACE_MS);
    await this.exited;
    clearTimeout(grace);
  }

  killNow(): void {
    if (!this.hasExited) this.child.kill('SIGKILL');
  }
}

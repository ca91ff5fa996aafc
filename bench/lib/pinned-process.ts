/**
 * Child processes pinned to one core with `taskset -c <core>` (taskset execs
 * the command, so the child pid IS the measured process). Output is read line
 * by line so the runner can await a READY line instead of sleeping.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

const KEPT_OUTPUT_LINES = 40;
const STOP_GRACE_MS = 3_000;

export interface PinnedProcessOptions {
  label: string;
  core: number;
  argv: string[];
  env?: Record<string, string>;
  cwd: string;
  /** Called for every stderr line (e.g. to forward generator progress). */
  onStderrLine?: (line: string) => void;
}

export class PinnedProcess {
  readonly pid: number;
  private readonly child: ChildProcess;
  private readonly recentOutput: string[] = [];
  private readonly lineWaiters: Array<(line: string) => void> = [];
  private readonly exited: Promise<number | null>;
  readonly stdoutLines: string[] = [];

  constructor(private readonly options: PinnedProcessOptions) {
    this.child = spawn('taskset', ['-c', String(options.core), ...options.argv], {
      cwd: options.cwd,
      env: { ...process.env, ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    if (this.child.pid === undefined) throw new Error(`could not spawn ${options.label}`);
    this.pid = this.child.pid;
    this.exited = new Promise((resolve) => this.child.once('exit', (code) => resolve(code)));
    createInterface({ input: this.child.stdout! }).on('line', (line) => {
      this.stdoutLines.push(line);
      this.remember(line);
    });
    createInterface({ input: this.child.stderr! }).on('line', (line) => {
      this.remember(line);
      options.onStderrLine?.(line);
    });
  }

  private remember(line: string): void {
    this.recentOutput.push(line);
    if (this.recentOutput.length > KEPT_OUTPUT_LINES) this.recentOutput.shift();
    for (const waiter of this.lineWaiters) waiter(line);
  }

  /** Last lines of output, for error messages. */
  get outputTail(): string {
    return this.recentOutput.join('\n');
  }

  /** Resolves with the first stdout/stderr line matching `pattern`; rejects on exit or timeout. */
  waitForLine(pattern: RegExp, timeoutMs: number): Promise<string> {
    const seen = this.recentOutput.find((line) => pattern.test(line));
    if (seen !== undefined) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => fail(`no line matching ${pattern} within ${timeoutMs} ms`),
        timeoutMs,
      );
      const done = (): void => {
        clearTimeout(timer);
        this.lineWaiters.splice(this.lineWaiters.indexOf(onLine), 1);
      };
      const fail = (why: string): void => {
        done();
        reject(new Error(`${this.options.label}: ${why}\n${this.outputTail}`));
      };
      const onLine = (line: string): void => {
        if (!pattern.test(line)) return;
        done();
        resolve(line);
      };
      this.lineWaiters.push(onLine);
      void this.exited.then((code) => {
        if (this.lineWaiters.includes(onLine)) fail(`exited with code ${code} before ready`);
      });
    });
  }

  /** Exit code, or rejects (after killing the process) if it runs longer than `timeoutMs`. */
  async waitForExit(timeoutMs: number): Promise<number | null> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        void this.stop();
        reject(
          new Error(
            `${this.options.label}: still running after ${timeoutMs} ms, killed\n${this.outputTail}`,
          ),
        );
      }, timeoutMs);
    });
    try {
      return await Promise.race([this.exited, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** SIGTERM, then SIGKILL if it has not exited after a grace period. */
  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.child.kill('SIGTERM');
    const grace = setTimeout(() => this.child.kill('SIGKILL'), STOP_GRACE_MS);
    await this.exited;
    clearTimeout(grace);
  }

  /** Synchronous last-resort kill for process 'exit' handlers. */
  killNow(): void {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
  }
}

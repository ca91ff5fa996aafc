/**
 * One chat server as `npm start` runs it (node dist/main.js, built once), on a fixed port,
 * under a supervisor that starts it again when it dies (as a process manager would):
 * after a SIGKILL from the run or a crash from the fault switch.
 */
import { LoggedChild } from './child-process.ts';

/** How long the supervisor waits before starting a dead instance again. */
const RESTART_DELAY_MS = 300;

export class Instance {
  readonly httpUrl: string;
  readonly wsUrl: string;
  /** Deaths the run did not ask for with stop() (SIGKILLs and fault-switch crashes). */
  deaths = 0;
  private child: LoggedChild;
  private env: Record<string, string> = {};
  private supervising = false;
  /** Resolves when the instance listens again after its latest death. */
  private restarting: Promise<void> = Promise.resolve();

  constructor(
    readonly name: string,
    readonly port: number,
    cwd: string,
    logFile: string,
    baseEnv: Record<string, string>,
  ) {
    this.httpUrl = `http://127.0.0.1:${port}`;
    this.wsUrl = `ws://127.0.0.1:${port}/graphql`;
    this.child = new LoggedChild({
      label: `instance ${name}`,
      command: process.execPath,
      args: ['--enable-source-maps', 'dist/main.js'],
      env: { ...baseEnv, PORT: String(port), HOST: '127.0.0.1' },
      cwd,
      logFile,
      ready: /chat server listening/,
      readyTimeoutMs: 30_000,
    });
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** Starts with the scenario's settings and keeps it running until stop(). */
  async start(env: Record<string, string>): Promise<void> {
    this.env = env;
    this.deaths = 0;
    await this.child.start(env);
    this.supervising = true;
    this.watch();
  }

  private watch() {
    this.child.exited.then(() => {
      if (!this.supervising) return;
      this.deaths += 1;
      this.restarting = (async () => {
        for (;;) {
          await new Promise((resolve) => setTimeout(resolve, RESTART_DELAY_MS));
          if (!this.supervising) return;
          try {
            await this.child.start(this.env);
            this.watch();
            return;
          } catch {
            // Not up (the database may be away): try again.
          }
        }
      })();
    });
  }

  /** SIGKILL now; the supervisor starts it again. Resolves once it is back. */
  async crash(): Promise<void> {
    await this.child.kill('SIGKILL');
    await this.restarting;
  }

  /** Waits until a restart in progress is done. */
  settled(): Promise<void> {
    return this.restarting;
  }

  /** Graceful stop (SIGTERM), no restart. */
  async stop(): Promise<void> {
    this.supervising = false;
    await this.restarting;
    await this.child.kill('SIGTERM');
  }

  /** Memory and handles of the running process, from its /metrics. */
  async resources(): Promise<{ rssMb: number; heapMb: number; handles: number }> {
    const text = await (await fetch(`${this.httpUrl}/metrics`)).text();
    const metric = (name: string) => {
      const line = text.split('\n').find((l) => l.startsWith(`${name} `));
      return line ? Number(line.split(' ')[1]) : Number.NaN;
    };
    return {
      rssMb: metric('process_resident_memory_bytes') / 1_048_576,
      heapMb: metric('nodejs_heap_size_used_bytes') / 1_048_576,
      handles: metric('nodejs_active_handles_total'),
    };
  }

  close(): void {
    this.child.close();
  }
}

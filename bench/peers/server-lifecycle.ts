/** Conventions shared by the bench's own peer servers (the runner relies on them). */

/** The runner always picks a free port and passes it in PORT. */
export function portFromEnv(): number {
  const port = Number(process.env.PORT);
  if (!Number.isInteger(port) || port <= 0) throw new Error('PORT must be set by the bench runner');
  return port;
}

export function redisUrlFromEnv(): string {
  const url = process.env.REDIS_URL;
  if (!url) throw new Error('REDIS_URL must be set by the bench runner');
  return url;
}

/** The runner awaits this exact line instead of sleeping; print it only once the port accepts connections. */
export function announceReady(port: number): void {
  process.stdout.write(`READY port=${port}\n`);
}

/** The runner stops servers with SIGTERM; exit at once, there is nothing to flush. */
export function exitOnSigterm(): void {
  process.on('SIGTERM', () => process.exit(0));
}

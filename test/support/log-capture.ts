import { Writable } from 'node:stream';

/** A server's log lines, kept in memory as written (pino's JSON lines). */
export interface LogCapture {
  stream: Writable;
  /** Everything written so far, as written. */
  text(): string;
  /** The lines written so far, parsed. */
  lines(): Record<string, unknown>[];
}

export function captureLog(): LogCapture {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      chunks.push(String(chunk));
      done();
    },
  });
  const text = () => chunks.join('');
  return {
    stream,
    text,
    lines: () =>
      text()
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}

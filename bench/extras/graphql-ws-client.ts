/**
 * The client side of graphql-transport-ws over plain `ws`, just enough to time a
 * subscription: connect, init with a token, subscribe, count `next` frames. The same
 * code times the bare-push baseline, which speaks the same frames.
 */
import WebSocket from 'ws';

const PROTOCOL = 'graphql-transport-ws';

export interface TimedFrames {
  /** From sending `subscribe` to receiving the last expected `next`. */
  elapsedMs: number;
  /** The raw frames, in order (only when asked to keep them). */
  frames: string[];
  /** The last frame, always kept so the caller can check where the stream ended. */
  lastFrame: string;
  /** Bytes of all `next` frames together. */
  bytes: number;
}

/** An open, acknowledged graphql-transport-ws connection. */
export async function connectGraphqlWs(
  url: string,
  token: string,
  timeoutMs: number,
): Promise<WebSocket> {
  const socket = new WebSocket(url, PROTOCOL);
  try {
    await withTimeout(
      new Promise<void>((resolve, reject) => {
        socket.once('open', () =>
          socket.send(
            JSON.stringify({
              type: 'connection_init',
              payload: { authorization: `Bearer ${token}` },
            }),
          ),
        );
        socket.once('message', (data) => {
          const frame = JSON.parse(String(data)) as { type: string };
          if (frame.type === 'connection_ack') resolve();
          else reject(new Error(`expected connection_ack, got ${String(data).slice(0, 200)}`));
        });
        socket.once('error', reject);
        socket.once('close', (code, reason) => reject(new Error(`closed ${code} ${reason}`)));
      }),
      timeoutMs,
      'connection_ack',
    );
  } catch (error) {
    socket.terminate();
    throw error;
  }
  socket.removeAllListeners();
  // Until the next step listens, a socket error shows up as that step's 'close'.
  socket.on('error', () => {});
  return socket;
}

/**
 * Sends one subscribe and resolves when `expected` `next` frames have arrived. Every
 * frame is parsed, as a real client would; an error frame, an early `complete` or a
 * close fails the run.
 */
export function timeSubscription(
  socket: WebSocket,
  subscribe: { query: string; variables: Record<string, unknown> },
  expected: number,
  options: { timeoutMs: number; keepFrames: boolean },
): Promise<TimedFrames> {
  const frames: string[] = [];
  let received = 0;
  let bytes = 0;
  let started = 0;
  const run = new Promise<TimedFrames>((resolve, reject) => {
    socket.on('message', (data) => {
      const text = String(data);
      const frame = JSON.parse(text) as { type: string; payload?: { errors?: unknown } };
      if (frame.type !== 'next' || frame.payload?.errors) {
        reject(new Error(`frame ${received + 1}: ${text.slice(0, 300)}`));
        return;
      }
      if (options.keepFrames) frames.push(text);
      received += 1;
      bytes += Buffer.isBuffer(data) ? data.length : Buffer.byteLength(text);
      if (received === expected) {
        resolve({ elapsedMs: performance.now() - started, frames, lastFrame: text, bytes });
      }
    });
    socket.once('close', (code, reason) =>
      reject(new Error(`closed after ${received} frames: ${code} ${reason}`)),
    );
    socket.once('error', reject);
  });
  started = performance.now();
  socket.send(JSON.stringify({ id: '1', type: 'subscribe', payload: subscribe }));
  return withTimeout(run, options.timeoutMs, `${expected} frames`).finally(() => {
    socket.removeAllListeners();
    socket.on('error', () => {});
  });
}

/** Ends the subscription and the connection (the next round reconnects, as a client would). */
export async function closeGraphqlWs(socket: WebSocket): Promise<void> {
  if (socket.readyState !== WebSocket.OPEN) return;
  socket.send(JSON.stringify({ id: '1', type: 'complete' }));
  await withTimeout(
    new Promise<void>((resolve) => {
      socket.once('close', () => resolve());
      socket.close(1000);
    }),
    5_000,
    'close',
  ).catch(() => socket.terminate());
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no ${what} within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

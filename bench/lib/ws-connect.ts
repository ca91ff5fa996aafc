/** Opening generator-side WebSockets the same way for every peer. */
import WebSocket from 'ws';

/**
 * Source IPs 127.0.0.1..127.0.0.8. Each source IP has its own ephemeral port
 * range, so 10k connections (plus TIME_WAIT leftovers from earlier rounds)
 * never exhaust ports on a single address.
 */
const SOURCE_ADDRESS_COUNT = 8;

export function loopbackSourceAddress(connectionIndex: number): string {
  return `127.0.0.${1 + (connectionIndex % SOURCE_ADDRESS_COUNT)}`;
}

/**
 * `onMessage` is attached before the handshake completes: a server may send
 * its first frame (e.g. the Engine.IO open packet) in the same TCP read as
 * the 101 response, and ws emits it before an awaiting caller could attach a
 * listener.
 */
export function openWebSocket(
  url: string,
  localAddress: string,
  onMessage: (text: string, socket: WebSocket) => void,
  protocols?: string[],
): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, protocols, {
      localAddress,
      // Compression would measure zlib, not the fan-out path; all servers disable it too.
      perMessageDeflate: false,
      handshakeTimeout: 10_000,
    });
    ws.on('message', (data: WebSocket.RawData) => onMessage(data.toString(), ws));
    ws.once('open', () => {
      ws.off('error', reject);
      resolve(ws);
    });
    ws.once('error', reject);
  });
}

/** Rejects if `promise` does not settle within `ms` (bounds every wait on a peer). */
export function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${what}`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

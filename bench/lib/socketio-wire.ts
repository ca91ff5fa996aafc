/**
 * Just enough Engine.IO v4 / Socket.IO v5 framing to drive a Socket.IO 4
 * server over a plain `ws` WebSocket (no socket.io-client, so the generator's
 * per-delivery cost is one JSON.parse like the other peers).
 *
 * Engine.IO packet = 1 type digit + data: 0 open, 2 ping, 3 pong, 4 message.
 * Socket.IO packet inside an Engine.IO message: 0 connect, 2 event, 3 ack,
 * followed by an optional ack id and a JSON array. Default namespace "/" is
 * implicit. Over websocket every frame is exactly one packet.
 */

export const SOCKETIO_PATH = '/socket.io/?EIO=4&transport=websocket';

export const ENGINE_OPEN = '0';
export const ENGINE_PING = '2';
export const ENGINE_PONG = '3';
/** Engine "message" + Socket.IO "connect" for namespace "/". */
export const SOCKET_CONNECT = '40';
const SOCKET_EVENT_PREFIX = '42';
const SOCKET_ACK_PREFIX = '43';

export function encodeEvent(args: unknown[], ackId?: number): string {
  return `${SOCKET_EVENT_PREFIX}${ackId ?? ''}${JSON.stringify(args)}`;
}

export type DecodedFrame =
  | { kind: 'open' }
  | { kind: 'ping' }
  | { kind: 'connected' }
  | { kind: 'event'; args: unknown[] }
  | { kind: 'ack'; ackId: number; args: unknown[] }
  | { kind: 'other'; raw: string };

export function decodeFrame(frame: string): DecodedFrame {
  if (frame.startsWith(SOCKET_EVENT_PREFIX)) {
    // Events we receive never carry an ack id, so the array starts right after "42".
    return { kind: 'event', args: JSON.parse(frame.slice(2)) as unknown[] };
  }
  if (frame.startsWith(SOCKET_ACK_PREFIX)) {
    const bracket = frame.indexOf('[');
    return {
      kind: 'ack',
      ackId: Number(frame.slice(2, bracket)),
      args: JSON.parse(frame.slice(bracket)) as unknown[],
    };
  }
  if (frame === ENGINE_PING) return { kind: 'ping' };
  if (frame.startsWith(SOCKET_CONNECT)) return { kind: 'connected' };
  if (frame.startsWith(ENGINE_OPEN)) return { kind: 'open' };
  return { kind: 'other', raw: frame };
}

/**
 * The minimal JSON protocol spoken by the plain `ws` peers (ws-inproc,
 * ws-redis). Shared by their servers and the generator's client adapter so
 * both sides agree on field names.
 *
 * client -> server  {"op":"join","room":"r7"}                   server acks {"op":"joined","room":"r7"}
 * client -> server  {"op":"send","room":"r7","msg":{clientId,body}}
 * server -> client  {"clientId":"...","body":"..."}             (the delivery, serialized once per message)
 */

export interface ChatPayload {
  clientId: string;
  body: string;
}

export type ClientFrame =
  | { op: 'join'; room: string }
  | { op: 'send'; room: string; msg: ChatPayload };

export interface JoinedAck {
  op: 'joined';
  room: string;
}

export function roomName(room: number): string {
  return `r${room}`;
}

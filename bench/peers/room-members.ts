/**
 * Local room membership for the plain `ws` servers: room name -> sockets.
 * Fan-out writes one pre-encoded Buffer to every member so the server pays
 * for serialization once per message, not once per delivery.
 */
import type { WebSocket } from 'ws';

export class RoomMembers {
  private readonly rooms = new Map<string, Set<WebSocket>>();

  /** Returns true when `socket` is the first local member (caller may need to subscribe upstream). */
  join(room: string, socket: WebSocket): boolean {
    let members = this.rooms.get(room);
    const first = members === undefined;
    if (members === undefined) {
      members = new Set();
      this.rooms.set(room, members);
    }
    members.add(socket);
    return first;
  }

  /** Returns true when the room has no local member left. */
  leave(room: string, socket: WebSocket): boolean {
    const members = this.rooms.get(room);
    if (members === undefined) return false;
    members.delete(socket);
    if (members.size > 0) return false;
    this.rooms.delete(room);
    return true;
  }

  fanOut(room: string, encoded: Buffer): void {
    const members = this.rooms.get(room);
    if (members === undefined) return;
    for (const member of members) member.send(encoded, { binary: false });
  }
}

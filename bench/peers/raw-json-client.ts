/**
 * Generator-side adapter for the raw JSON protocol of peers (a) and (b).
 * See lib/raw-json-wire.ts for the frames.
 */
import {
  type ChatPayload,
  type ClientFrame,
  type JoinedAck,
  roomName,
} from '../lib/raw-json-wire.ts';
import { openWebSocket, withTimeout } from '../lib/ws-connect.ts';
import type { ClientContext, PeerClient } from './peer-types.ts';

const JOIN_TIMEOUT_MS = 15_000;

function clientIdOf(deliveryJson: string): string {
  return (JSON.parse(deliveryJson) as ChatPayload).clientId;
}

export function createRawJsonClient(ctx: ClientContext): PeerClient {
  const url = `ws://${ctx.host}:${ctx.port}/`;
  return {
    async prepare() {},
    async dispose() {},

    async openReceiver(_receiver, room, onDelivery, localAddress) {
      const name = roomName(room);
      // One handler for the socket's whole life: the first frame is the join
      // ack, every later frame a delivery.
      let acked = false;
      let markJoined: () => void = () => {};
      let failJoin: (error: Error) => void = () => {};
      const joined = new Promise<void>((resolve, reject) => {
        markJoined = resolve;
        failJoin = reject;
      });
      const socket = await openWebSocket(url, localAddress, (text) => {
        if (acked) {
          onDelivery(clientIdOf(text));
          return;
        }
        const ack = JSON.parse(text) as JoinedAck;
        if (ack.op !== 'joined' || ack.room !== name)
          failJoin(new Error(`unexpected join reply ${text}`));
        acked = true;
        markJoined();
      });
      socket.once('close', () => failJoin(new Error('closed before join ack')));
      socket.send(JSON.stringify({ op: 'join', room: name } satisfies ClientFrame));
      await withTimeout(joined, JOIN_TIMEOUT_MS, `join ${name}`);
      return { close: () => socket.terminate() };
    },

    async openSender(room, localAddress) {
      // Senders are not room members: the servers never write to them.
      const socket = await openWebSocket(url, localAddress, () => {});
      const name = roomName(room);
      return {
        send(clientId, body) {
          socket.send(
            JSON.stringify({
              op: 'send',
              room: name,
              msg: { clientId, body },
            } satisfies ClientFrame),
          );
        },
        close: () => socket.terminate(),
      };
    },
  };
}

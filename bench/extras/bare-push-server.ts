/**
 * Baseline of the inbox replay ("bare push"): a plain `ws` server that answers the
 * graphql-transport-ws handshake and, on `subscribe`, writes pre-serialized frames (the
 * ones our server sent, byte for byte) to the socket in a loop. No database, no GraphQL:
 * what pushing the same bytes costs in Node.
 *
 *   node bench/.build/bare-push-server.mjs <port> <frames.json>  (compiled by the runner)
 */
import { readFileSync } from 'node:fs';
import { WebSocketServer } from 'ws';

const [portArg, framesFile] = process.argv.slice(2);
if (!portArg || !framesFile) throw new Error('usage: bare-push-server.ts <port> <frames.json>');
const frames = JSON.parse(readFileSync(framesFile, 'utf8')) as string[];

const server = new WebSocketServer({
  host: '127.0.0.1',
  port: Number(portArg),
  handleProtocols: (protocols) =>
    protocols.has('graphql-transport-ws') ? 'graphql-transport-ws' : false,
});
server.on('connection', (socket) => {
  socket.on('message', (data) => {
    const { type } = JSON.parse(String(data)) as { type: string };
    if (type === 'connection_init') socket.send('{"type":"connection_ack"}');
    else if (type === 'subscribe') for (const frame of frames) socket.send(frame);
  });
});
server.on('listening', () => console.log(`READY ${frames.length} frames`));
process.on('SIGTERM', () => server.close(() => process.exit(0)));

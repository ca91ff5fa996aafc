/**
 * Peer (d): this project's server, through the real GraphQL API.
 *
 * TODO(issue 5): not wired yet - the server in src/ does not exist so far.
 * To plug it in, fill in the three places marked TODO below; nothing else in
 * bench/ has to change (run.ts, generator.ts and the report are peer-agnostic).
 *
 *  1. assertAvailable(): stop throwing; instead throw only if
 *     BENCH_DATABASE_URL is missing (the runner does not start Postgres).
 *
 *  2. server.readyPattern: a line src/main.ts prints once it is listening
 *     (e.g. a pino "listening" log line), so the runner never sleeps.
 *     The runner launches `taskset -c 0 node --import tsx src/main.ts` with
 *     the env below; PORT is a free port it picked.
 *
 *  3. createClient(): a PeerClient (see peer-types.ts) speaking
 *       - HTTP POST http://host:port/graphql, `Authorization: Bearer <token>`:
 *           prepare(layout): per room one sender user + `receiversPerRoom`
 *             receiver users via `signUp(username, password) { token user { id } }`
 *             (unique usernames per call: a server instance sees several layouts),
 *             the sender `createRoom(title) { id }`, every receiver `joinRoom(roomId)`.
 *             Keep receiver index -> token and room index -> conversation id.
 *           openSender(room).send(clientId, body): fire
 *             `send(input: {conversationId, body, clientId}) { id }` without
 *             awaiting it (reuse keep-alive connections; count HTTP errors and
 *             surface them, e.g. throw from dispose()).
 *       - graphql-transport-ws on ws://host:port/graphql (subprotocol
 *         "graphql-transport-ws", open it with openWebSocket from
 *         ../lib/ws-connect.ts so the source-IP spreading applies):
 *           openReceiver(receiver, room, onDelivery, localAddress):
 *             connection_init {authorization: 'Bearer <token>'} -> connection_ack,
 *             subscribe `subscription { inbox { cursor ... on MessageEvent { message { id body clientId createdAt } } } }`,
 *             answer ping with pong, and for every `next` call
 *             onDelivery(payload.data.inbox.message.clientId).
 *             The promise must resolve only once the subscription is LIVE.
 *             graphql-transport-ws has no subscribe ack, so either the server
 *             offers a signal, or send a probe message to the room (clientId
 *             like `probe.<receiver>`) and resolve when it arrives; drop probe
 *             deliveries in the adapter (never pass them to onDelivery).
 *     Note: the runner reports server CPU of src/main.ts and Redis; Postgres
 *     CPU is not captured (add it if the write path turns out to dominate).
 */
import { type PeerDefinition, PeerNotImplementedError } from './peer-types.ts';

export const chatPeer: PeerDefinition = {
  letter: 'd',
  name: 'chat',
  description: 'this project: GraphQL `send` mutation + `inbox` subscription over graphql-transport-ws',
  usesRedis: true,
  assertAvailable() {
    // TODO(issue 5): remove once createClient() and readyPattern are implemented.
    throw new PeerNotImplementedError('chat', 'GraphQL client adapter is a TODO in bench/peers/chat.ts');
  },
  server: {
    entry: 'src/main.ts',
    env: ({ port, redisUrl }) => ({
      PORT: String(port),
      DATABASE_URL: process.env.BENCH_DATABASE_URL ?? '',
      REDIS_URL: redisUrl,
      RATE_LIMITS: 'off',
    }),
    // TODO(issue 5): the line src/main.ts prints when it is listening.
    readyPattern: /^READY\b/,
  },
  createClient() {
    // TODO(issue 5): return the GraphQL PeerClient described above.
    throw new PeerNotImplementedError('chat', 'createClient');
  },
};

/**
 * Peers chat-*: this project's server (src/main.ts), through its real GraphQL API.
 * One peer per client document (lib/client-documents.ts: Apollo's, urql's, a
 * minimal one) and sender transport (graphql-transport-ws socket or HTTP POST),
 * so each is its own row in the tables.
 *
 * Server: every start gets a FRESH PostgreSQL database (lib/bench-database.ts)
 * plus the runner's private Redis under a per-instance key prefix.
 *
 * Client (generator side):
 *  - prepare(): signUp / createRoom / joinRoom over HTTP (bounded concurrency;
 *    scrypt makes a sign-up cost ~50 ms of server CPU), then one probe message
 *    per room (clientId `probe.<layout>.<room>`), then "priming": one inbox
 *    subscription per user reads its stored events up to the probe and keeps
 *    the cursor of the event BEFORE it. Nothing of this is timed.
 *  - openReceiver(): graphql-transport-ws, connection_init with the token,
 *    the variant's inbox document (`inbox(after: $after)`) resuming from that
 *    cursor, so the replay is exactly the probe. Getting the probe proves the
 *    subscription is live: the server attached the inbox stream before it
 *    read the replay, so everything committed later reaches it, and nothing
 *    older than the probe is still queued in front of the benchmark traffic.
 *    Probes never reach onDelivery; neither do non-MessageEvent frames.
 *    (Cheaper than a probe per receiver, and it also works with several
 *    sockets per user, where a subscription without `after` would start at
 *    the delivered position another socket already moved past the probe.)
 *  - openSender(): the `send` mutation over the sender's own graphql-transport-ws
 *    socket (a `subscribe` message carrying the mutation, as Apollo's and urql's
 *    WebSocket links send every operation), or for the `-http` variants POSTed
 *    over a keep-alive connection. One operation
 *    in flight per sender (a FIFO queue per sender): sends of one user in
 *    concurrent requests may commit in any order, and the tracker counts
 *    per-sender reordering. BENCH_CHAT_SEND_BATCH=N (default 1) lets a sender
 *    that has a backlog put up to N queued messages into ONE mutation document
 *    (aliased `send` fields, which GraphQL executes serially, so order holds).
 *    Queued messages of an earlier phase are dropped when a new phase starts
 *    (they were already counted as lost) so an overloaded server cannot drag
 *    one phase's backlog into the next. HTTP/GraphQL errors are counted and
 *    make dispose() throw.
 *  - Layouts with more than DEDICATED_RECEIVERS_MAX receivers (the idle
 *    connection test) share users: POOL_ROOMS rooms of `receiversPerRoom`
 *    users; receiver i uses user (room(i) % POOL_ROOMS, i % receiversPerRoom),
 *    i.e. several sockets (devices) per user, each with its own inbox
 *    subscription, each user still a member of one room of `receiversPerRoom`.
 */
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type WebSocket from 'ws';
import { assertDatabaseSettings, provisionBenchDatabase } from '../lib/bench-database.ts';
import { mapWithConcurrency } from '../lib/bounded-concurrency.ts';
import { INBOX_DOCUMENTS, type InboxDocumentName } from '../lib/client-documents.ts';
import { openWebSocket, withTimeout } from '../lib/ws-connect.ts';
import type {
  ClientContext,
  DeliveryHandler,
  PeerClient,
  PeerDefinition,
  PeerScope,
  ReceiverConnection,
  RoomLayout,
  SenderConnection,
} from './peer-types.ts';

const PASSWORD = 'bench-password-0123';
/** Sign-ups hash with scrypt on the (single) server core: more in parallel does not help. */
const SIGNUP_CONCURRENCY = 8;
const SETUP_CONCURRENCY = 16;
const PRIME_CONCURRENCY = 32;
/** Above this many receivers in one layout, users are pooled (several sockets per user). */
const DEDICATED_RECEIVERS_MAX = 1000;
const POOL_ROOMS = 10;
const LIVE_TIMEOUT_MS = 30_000;
const HTTP_TIMEOUT_MS = 60_000;
const PROBE_PREFIX = 'probe.';

/** How senders reach `send`. Either way one operation is in flight per sender. */
export type SendTransportKind = 'ws' | 'http';

export interface ChatPeerVariant {
  letter: string;
  /** Inbox document the receivers subscribe with. */
  document: InboxDocumentName;
  sendOver: SendTransportKind;
  /** Which phases this variant runs (all when absent). */
  scope?: PeerScope;
}

/** Peer name of a variant, e.g. `chat-apollo-ws`. */
export function chatPeerName(variant: Pick<ChatPeerVariant, 'document' | 'sendOver'>): string {
  return `chat-${variant.document}-${variant.sendOver}`;
}

export function chatPeer(variant: ChatPeerVariant): PeerDefinition {
  const transport =
    variant.sendOver === 'ws' ? 'over their graphql-transport-ws socket' : 'as HTTP POSTs';
  return {
    letter: variant.letter,
    name: chatPeerName(variant),
    description: `this project, PostgreSQL + Redis: \`inbox\` over graphql-transport-ws with the ${variant.document} document below; \`send\` mutations ${transport}`,
    usesRedis: true,
    scope: variant.scope,
    assertAvailable: assertDatabaseSettings,
    server: {
      entry: 'src/main.ts',
      env: ({ port, redisUrl }) => ({
        PORT: String(port),
        HOST: '127.0.0.1',
        NODE_ENV: 'production',
        REDIS_URL: redisUrl,
        RATE_LIMITS: 'off',
        // Pooled layouts (the idle connection test) hold many sockets per user.
        WS_MAX_SOCKETS_PER_USER: '1000000',
        JWT_SECRET: randomBytes(32).toString('hex'),
        // The ready line below is logged at info; the server logs nothing per request at info.
        LOG_LEVEL: 'info',
        DEFAULT_ROOM: 'bench-lobby',
      }),
      readyPattern: /"msg":"chat server listening"/,
      provision: provisionBenchDatabase,
    },
    createClient: (ctx) =>
      createChatClient(ctx, INBOX_DOCUMENTS[variant.document].text, variant.sendOver),
  };
}

// ---------------------------------------------------------------- HTTP GraphQL

interface GraphQLResponse {
  data?: Record<string, unknown> | null;
  errors?: Array<{ message: string }>;
}

function postGraphQL(
  ctx: ClientContext,
  agent: http.Agent,
  token: string | undefined,
  query: string,
  variables: Record<string, unknown>,
): Promise<GraphQLResponse> {
  const body = JSON.stringify({ query, variables });
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: ctx.host,
        port: ctx.port,
        path: '/graphql',
        method: 'POST',
        agent,
        timeout: HTTP_TIMEOUT_MS,
        headers: {
          'content-type': 'application/json',
          accept: 'application/graphql-response+json, application/json',
          'content-length': Buffer.byteLength(body),
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString();
          try {
            resolve(JSON.parse(text) as GraphQLResponse);
          } catch {
            reject(new Error(`HTTP ${res.statusCode}: ${text.slice(0, 300)}`));
          }
        });
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no response within ${HTTP_TIMEOUT_MS} ms`)));
    req.on('error', reject);
    req.end(body);
  });
}

async function graphql<T>(
  ctx: ClientContext,
  agent: http.Agent,
  token: string | undefined,
  query: string,
  variables: Record<string, unknown>,
): Promise<T> {
  const response = await postGraphQL(ctx, agent, token, query, variables);
  if (response.errors?.length || !response.data) {
    throw new Error(`GraphQL error: ${JSON.stringify(response.errors ?? response)}`.slice(0, 500));
  }
  return response.data as T;
}

// ---------------------------------------------------------------- graphql-transport-ws

interface WsFrame {
  id?: string;
  type: string;
  payload?: {
    data?: { inbox?: { cursor?: string; message?: { clientId?: string | null } } };
  } & Record<string, unknown>;
}

interface InboxSocketHandlers {
  /** Every inbox event, in order: its cursor and, for MessageEvents, the message's clientId. */
  onEvent(cursor: string, clientId: string | null): void;
  onFailure(error: Error): void;
}

/** Opens a socket, authenticates, subscribes to the inbox (from `after`, if given). */
async function openInboxSocket(
  url: string,
  document: string,
  localAddress: string,
  token: string,
  after: string | null,
  handlers: InboxSocketHandlers,
): Promise<WebSocket> {
  let failed = false;
  const fail = (error: Error): void => {
    if (failed) return;
    failed = true;
    handlers.onFailure(error);
  };
  const socket = await openWebSocket(
    url,
    localAddress,
    (text, ws) => {
      const frame = JSON.parse(text) as WsFrame;
      switch (frame.type) {
        case 'next': {
          const inbox = frame.payload?.data?.inbox;
          if (!inbox) {
            fail(new Error(`inbox frame without data: ${text.slice(0, 300)}`));
            return;
          }
          handlers.onEvent(inbox.cursor ?? '', inbox.message?.clientId ?? null);
          return;
        }
        case 'ping':
          ws.send('{"type":"pong"}');
          return;
        case 'pong':
          return;
        case 'connection_ack':
          ws.send(
            JSON.stringify({
              id: '1',
              type: 'subscribe',
              payload: { query: document, variables: { after } },
            }),
          );
          return;
        case 'error':
        case 'complete':
          fail(new Error(`subscription ended: ${text.slice(0, 300)}`));
          return;
        default:
          fail(new Error(`unexpected frame ${text.slice(0, 300)}`));
      }
    },
    ['graphql-transport-ws'],
  );
  socket.once('close', (code, reason) =>
    fail(new Error(`socket closed (${code} ${reason.toString()})`)),
  );
  socket.on('error', (error) => fail(error));
  socket.send(
    JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${token}` } }),
  );
  return socket;
}

// ---------------------------------------------------------------- the client

interface BenchUser {
  token: string;
  /** Cursor of the inbox event just before this layout's probe: resuming from it replays exactly the probe. */
  beforeProbe: string | null;
}

interface PreparedLayout {
  layout: RoomLayout;
  /** Rooms that really exist (POOL_ROOMS or fewer when pooled). */
  rooms: number;
  pooled: boolean;
  senders: BenchUser[];
  conversationIds: string[];
  /** rooms * receiversPerRoom users, room-major. */
  receivers: BenchUser[];
}

function sendDocument(count: number): string {
  if (count === 1) return 'mutation BenchSend($i0: SendInput!) { send(input: $i0) { id } }';
  const vars = Array.from({ length: count }, (_, i) => `$i${i}: SendInput!`).join(', ');
  const fields = Array.from({ length: count }, (_, i) => `m${i}: send(input: $i${i}) { id }`).join(
    ' ',
  );
  return `mutation BenchSendBatch(${vars}) { ${fields} }`;
}

interface SendTransport {
  request(query: string, variables: Record<string, unknown>): Promise<GraphQLResponse>;
  close(): void;
}

function httpSendTransport(
  ctx: ClientContext,
  token: string,
  localAddress: string,
  agents: http.Agent[],
): SendTransport {
  const agent = new http.Agent({
    keepAlive: true,
    maxSockets: 1,
    localAddress,
  } as http.AgentOptions);
  agents.push(agent);
  return {
    request: (query, variables) => postGraphQL(ctx, agent, token, query, variables),
    close: () => agent.destroy(),
  };
}

/** A mutation over graphql-transport-ws: `subscribe`, then its `next` and `complete`. */
async function wsSendTransport(
  url: string,
  token: string,
  localAddress: string,
  sockets: WebSocket[],
): Promise<SendTransport> {
  let nextId = 0;
  const pending = new Map<
    string,
    { resolve: (r: GraphQLResponse) => void; reject: (e: Error) => void; result?: GraphQLResponse }
  >();
  let acked!: () => void;
  const ready = new Promise<void>((resolve) => {
    acked = resolve;
  });
  const socket = await openWebSocket(
    url,
    localAddress,
    (text, ws) => {
      const frame = JSON.parse(text) as { type: string; id?: string; payload?: unknown };
      const waiter = frame.id === undefined ? undefined : pending.get(frame.id);
      switch (frame.type) {
        case 'connection_ack':
          acked();
          return;
        case 'ping':
          ws.send('{"type":"pong"}');
          return;
        case 'next':
          if (waiter) waiter.result = frame.payload as GraphQLResponse;
          return;
        case 'complete':
          if (!waiter || frame.id === undefined) return;
          pending.delete(frame.id);
          waiter.resolve(waiter.result ?? { errors: [{ message: 'complete without a result' }] });
          return;
        case 'error':
          if (!waiter || frame.id === undefined) return;
          pending.delete(frame.id);
          waiter.resolve({ errors: frame.payload as { message: string }[] });
          return;
      }
    },
    ['graphql-transport-ws'],
  );
  sockets.push(socket);
  socket.once('close', (code) => {
    for (const waiter of pending.values())
      waiter.reject(new Error(`sender socket closed (${code})`));
    pending.clear();
  });
  socket.send(
    JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${token}` } }),
  );
  await withTimeout(ready, LIVE_TIMEOUT_MS, 'sender connection_ack');
  return {
    request: (query, variables) =>
      new Promise((resolve, reject) => {
        const id = String(++nextId);
        pending.set(id, { resolve, reject });
        socket.send(JSON.stringify({ id, type: 'subscribe', payload: { query, variables } }));
      }),
    close: () => socket.terminate(),
  };
}

function createChatClient(
  ctx: ClientContext,
  inboxDocument: string,
  sendOver: SendTransportKind,
): PeerClient {
  const wsUrl = `ws://${ctx.host}:${ctx.port}/graphql`;
  const runTag = randomBytes(3).toString('hex');
  const setupAgent = new http.Agent({ keepAlive: true, maxSockets: SETUP_CONCURRENCY });
  const senderAgents: http.Agent[] = [];
  const senderSockets: WebSocket[] = [];
  const batchMax = Math.max(1, Math.min(20, Number(process.env.BENCH_CHAT_SEND_BATCH ?? 1) || 1));
  const documents = Array.from({ length: batchMax + 1 }, (_, n) =>
    n === 0 ? '' : sendDocument(n),
  );
  let layoutCount = 0;
  let current: PreparedLayout | undefined;
  let sendErrors = 0;
  let firstSendError: string | undefined;
  let droppedBacklog = 0;

  const noteSendError = (message: string): void => {
    sendErrors++;
    firstSendError ??= message.slice(0, 500);
  };

  async function signUp(username: string): Promise<string> {
    const data = await graphql<{ signUp: { token: string } }>(
      ctx,
      setupAgent,
      undefined,
      'mutation ($u: String!, $p: String!) { signUp(username: $u, password: $p) { token user { id } } }',
      { u: username, p: PASSWORD },
    );
    return data.signUp.token;
  }

  /** Reads a user's inbox up to `probeId` and returns the cursor of the event before it. */
  async function prime(user: BenchUser, probeId: string, localAddress: string): Promise<void> {
    let previous: string | null = null;
    let socket: WebSocket | undefined;
    const found = new Promise<void>((resolve, reject) => {
      void openInboxSocket(wsUrl, inboxDocument, localAddress, user.token, null, {
        onEvent(cursor, clientId) {
          if (clientId === probeId) {
            user.beforeProbe = previous;
            resolve();
          }
          previous = cursor;
        },
        onFailure: reject,
      }).then((opened) => {
        socket = opened;
      }, reject);
    });
    try {
      await withTimeout(found, LIVE_TIMEOUT_MS, `priming inbox up to ${probeId}`);
    } finally {
      socket?.close();
    }
  }

  async function prepareLayout(layout: RoomLayout): Promise<PreparedLayout> {
    const n = ++layoutCount;
    const prefix = `b${runTag}${n}`;
    const receiverCount = layout.rooms * layout.receiversPerRoom;
    const pooled = receiverCount > DEDICATED_RECEIVERS_MAX;
    const rooms = pooled ? Math.min(POOL_ROOMS, layout.rooms) : layout.rooms;
    const perRoom = layout.receiversPerRoom;

    const senderTokens = await mapWithConcurrency(rooms, SIGNUP_CONCURRENCY, (r) =>
      signUp(`${prefix}_s${r}`),
    );
    const receiverTokens = await mapWithConcurrency(rooms * perRoom, SIGNUP_CONCURRENCY, (i) =>
      signUp(`${prefix}_r${i}`),
    );
    const conversationIds = await mapWithConcurrency(rooms, SETUP_CONCURRENCY, async (r) => {
      const data = await graphql<{ createRoom: { id: string } }>(
        ctx,
        setupAgent,
        senderTokens[r],
        'mutation ($t: String!, $m: Int) { createRoom(title: $t, maxMembers: $m) { id } }',
        { t: `${prefix} room ${r}`, m: Math.min(10_000, Math.max(2, perRoom + 1)) },
      );
      return data.createRoom.id;
    });
    await mapWithConcurrency(rooms * perRoom, SETUP_CONCURRENCY, (i) =>
      graphql(
        ctx,
        setupAgent,
        receiverTokens[i],
        'mutation ($r: ID!) { joinRoom(roomId: $r) { id } }',
        {
          r: conversationIds[Math.floor(i / perRoom)],
        },
      ),
    );
    // The probe is the last event of every receiver's inbox from here on.
    const probeIds = Array.from({ length: rooms }, (_, r) => `${PROBE_PREFIX}${n}.${r}`);
    await mapWithConcurrency(rooms, SETUP_CONCURRENCY, (r) =>
      graphql(ctx, setupAgent, senderTokens[r], documents[1]!, {
        i0: { conversationId: conversationIds[r], body: 'probe', clientId: probeIds[r] },
      }),
    );
    const receivers: BenchUser[] = receiverTokens.map((token) => ({ token, beforeProbe: null }));
    await mapWithConcurrency(receivers.length, PRIME_CONCURRENCY, (i) =>
      prime(receivers[i]!, probeIds[Math.floor(i / perRoom)]!, `127.0.0.${1 + (i % 8)}`),
    );
    return {
      layout,
      rooms,
      pooled,
      senders: senderTokens.map((token) => ({ token, beforeProbe: null })),
      conversationIds,
      receivers,
    };
  }

  function prepared(): PreparedLayout {
    if (!current) throw new Error('chat peer: prepare() was not called');
    return current;
  }

  function receiverUser(p: PreparedLayout, receiver: number, room: number): BenchUser {
    const perRoom = p.layout.receiversPerRoom;
    if (room !== Math.floor(receiver / perRoom))
      throw new Error(`receiver ${receiver} is not in room ${room}`);
    const index = p.pooled ? (room % p.rooms) * perRoom + (receiver % perRoom) : receiver;
    const user = p.receivers[index];
    if (!user) throw new Error(`no user for receiver ${receiver}`);
    return user;
  }

  return {
    async prepare(layout) {
      current = await prepareLayout(layout);
    },

    async openReceiver(
      receiver,
      room,
      onDelivery: DeliveryHandler,
      localAddress,
    ): Promise<ReceiverConnection> {
      const p = prepared();
      const user = receiverUser(p, receiver, room);
      let live = false;
      let closing = false;
      let markLive: () => void = () => {};
      let failLive: (error: Error) => void = () => {};
      const liveSignal = new Promise<void>((resolve, reject) => {
        markLive = resolve;
        failLive = reject;
      });
      const socket = await openInboxSocket(
        wsUrl,
        inboxDocument,
        localAddress,
        user.token,
        user.beforeProbe,
        {
          onEvent(_cursor, clientId) {
            if (clientId === null) return;
            if (clientId.startsWith(PROBE_PREFIX)) {
              if (!live) {
                live = true;
                markLive();
              }
              return;
            }
            onDelivery(clientId);
          },
          onFailure(error) {
            if (!live) failLive(error);
            else if (!closing)
              process.stderr.write(`[chat peer] receiver ${receiver}: ${error.message}\n`);
          },
        },
      );
      try {
        await withTimeout(
          liveSignal,
          LIVE_TIMEOUT_MS,
          `receiver ${receiver}: probe through the inbox subscription`,
        );
      } catch (error) {
        socket.terminate();
        throw error;
      }
      return {
        close() {
          closing = true;
          socket.terminate();
        },
      };
    },

    async openSender(room, localAddress): Promise<SenderConnection> {
      const p = prepared();
      const realRoom = room % p.rooms;
      const token = p.senders[realRoom]!.token;
      const conversationId = p.conversationIds[realRoom]!;
      const transport =
        sendOver === 'http'
          ? httpSendTransport(ctx, token, localAddress, senderAgents)
          : await wsSendTransport(wsUrl, token, localAddress, senderSockets);
      let queue: Array<{ clientId: string; body: string }> = [];
      let queuePhase = '';
      let inFlight = false;
      let closed = false;

      const pump = (): void => {
        if (inFlight || closed || queue.length === 0) return;
        const batch = queue.splice(0, batchMax);
        const variables: Record<string, unknown> = {};
        batch.forEach((m, i) => {
          variables[`i${i}`] = { conversationId, body: m.body, clientId: m.clientId };
        });
        inFlight = true;
        transport.request(documents[batch.length]!, variables).then(
          (response) => {
            if (response.errors?.length) noteSendError(JSON.stringify(response.errors));
            inFlight = false;
            pump();
          },
          (error: unknown) => {
            if (!closed) noteSendError(String(error));
            inFlight = false;
            pump();
          },
        );
      };

      return {
        send(clientId, body) {
          const phase = clientId.slice(0, clientId.indexOf('.'));
          if (phase !== queuePhase) {
            droppedBacklog += queue.length;
            queue = [];
            queuePhase = phase;
          }
          queue.push({ clientId, body });
          pump();
        },
        close() {
          closed = true;
          queue = [];
          transport.close();
        },
      };
    },

    async dispose() {
      setupAgent.destroy();
      for (const agent of senderAgents) agent.destroy();
      for (const socket of senderSockets) socket.terminate();
      if (droppedBacklog > 0) {
        process.stderr.write(
          `[chat peer] dropped ${droppedBacklog} queued message(s) of earlier phases (the server had not kept up; counted as lost there)\n`,
        );
      }
      if (sendErrors > 0)
        throw new Error(
          `chat peer: ${sendErrors} send request(s) failed; first: ${firstSendError}`,
        );
    },
  };
}

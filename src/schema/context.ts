import DataLoader from 'dataloader';
import { loadBroadcasts } from '../chat/broadcast.js';
import { loadConversations, loadMemberships } from '../chat/conversations.js';
import type { ChatDeps } from '../chat/deps.js';
import { loadMessages, type MessageRow } from '../chat/messages/rows.js';
import { loadUsers, type UserRow } from '../chat/users.js';

export interface Viewer {
  id: number;
  /** Epoch ms when the token expires (a WebSocket closes then). */
  tokenExpiresAt: number;
}

/**
 * Per-request DataLoaders, each made on first use: a subscription event usually needs one
 * or two of them, and gets a fresh set per event, so making the set must cost next to
 * nothing (getters live on the prototype; no closure per loader until it is used).
 */
export class Loaders {
  private users?: DataLoader<number, UserRow | null>;
  private conversations?: DataLoader<number, Awaited<ReturnType<typeof loadConversations>>[number]>;
  private messages?: DataLoader<number, Awaited<ReturnType<typeof loadMessages>>[number]>;
  private broadcasts?: DataLoader<number, Awaited<ReturnType<typeof loadBroadcasts>>[number]>;
  private presence?: DataLoader<number, boolean>;
  private memberships?: DataLoader<number, Awaited<ReturnType<typeof loadMemberships>>[number]>;

  constructor(
    private readonly deps: ChatDeps,
    private readonly viewer: Viewer | null,
  ) {}

  get user() {
    this.users ??= new DataLoader((ids: readonly number[]) => loadUsers(this.deps, ids));
    return this.users;
  }

  get conversation() {
    this.conversations ??= new DataLoader((ids: readonly number[]) =>
      loadConversations(this.deps, ids),
    );
    return this.conversations;
  }

  get message() {
    this.messages ??= new DataLoader((ids: readonly number[]) => loadMessages(this.deps, ids));
    return this.messages;
  }

  get broadcast() {
    this.broadcasts ??= new DataLoader((ids: readonly number[]) => loadBroadcasts(this.deps, ids));
    return this.broadcasts;
  }

  get online() {
    this.presence ??= new DataLoader((ids: readonly number[]) => this.deps.presence.areOnline(ids));
    return this.presence;
  }

  /** The viewer's membership of a conversation (null when not a member). */
  get membership() {
    const viewer = this.viewer;
    this.memberships ??= new DataLoader((ids: readonly number[]) =>
      viewer ? loadMemberships(this.deps, viewer.id, ids) : Promise.resolve(ids.map(() => null)),
    );
    return this.memberships;
  }
}

function createLoaders(deps: ChatDeps, viewer: Viewer | null): Loaders {
  return new Loaders(deps, viewer);
}

export interface Context {
  deps: ChatDeps;
  viewer: Viewer | null;
  /** The peer's address (rate limits of anonymous operations). */
  clientAddress: string;
  loaders: Loaders;
  /**
   * Users a query already brought along (a history page's senders), read without a
   * promise: a page whose every sender is known completes synchronously.
   */
  knownUsers: Map<number, UserRow>;
  /** Messages an inbox event brought along, read without a promise (like knownUsers). */
  knownMessages: Map<number, MessageRow>;
}

/**
 * Forgets every cached row. A subscription's context lives as long as the socket, so each
 * event starts from fresh loaders (read positions and counts move between events).
 */
export function refreshLoaders(ctx: Context): void {
  ctx.loaders = createLoaders(ctx.deps, ctx.viewer);
  ctx.knownUsers = new Map();
  ctx.knownMessages = new Map();
}

/** Shared by every idle subscription context: never written (see refreshLoaders). */
const IDLE = {
  loaders: Object.freeze({}) as Loaders,
  knownUsers: new Map<number, UserRow>(),
  knownMessages: new Map<number, MessageRow>(),
};

/**
 * Lets a long-lived subscription context drop the rows of its last event: thousands of
 * idle subscriptions then hold no loaders. The next event's resolver calls refreshLoaders
 * before reading any of them.
 */
export function forgetRows(ctx: Context): void {
  ctx.loaders = IDLE.loaders;
  ctx.knownUsers = IDLE.knownUsers;
  ctx.knownMessages = IDLE.knownMessages;
}

/** The context of an operation on a WebSocket, whose viewer the connection verified. */
export function socketContext(
  deps: ChatDeps,
  viewer: Viewer | null,
  clientAddress: string,
  idle = false,
): Context {
  const ctx: Context = {
    deps,
    viewer,
    clientAddress,
    loaders: IDLE.loaders,
    knownUsers: IDLE.knownUsers,
    knownMessages: IDLE.knownMessages,
  };
  if (!idle) refreshLoaders(ctx);
  return ctx;
}

/** Reads the bearer token from an HTTP header or graphql-ws connectionParams. */
export function bearerToken(
  authorization: string | null | undefined,
  connectionParams?: Record<string, unknown> | null,
): string | null {
  const fromParams = connectionParams?.authorization ?? connectionParams?.Authorization;
  const header = typeof fromParams === 'string' ? fromParams : authorization;
  if (header) {
    const match = /^Bearer\s+(\S+)$/i.exec(header.trim());
    return match?.[1] ?? null;
  }
  const raw = connectionParams?.token;
  return typeof raw === 'string' && raw.length > 0 ? raw : null;
}

/**
 * Verifies the token (if any) and builds per-request loaders. Writes nothing. A WebSocket
 * passes the viewer its connection already verified.
 */
export async function createContext(
  deps: ChatDeps,
  token: string | null,
  clientAddress: string,
  known?: Viewer | null,
): Promise<Context> {
  let viewer = known ?? null;
  if (known === undefined && token) {
    const verified = await deps.tokens.verify(token);
    viewer = verified ? { id: verified.userId, tokenExpiresAt: verified.expiresAt } : null;
  }
  return {
    deps,
    viewer,
    clientAddress,
    loaders: createLoaders(deps, viewer),
    knownUsers: new Map(),
    knownMessages: new Map(),
  };
}

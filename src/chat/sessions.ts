import { sql } from 'drizzle-orm';
import type { Logger } from 'pino';
import type { Database } from '../db/client.js';
import type { PubSub } from '../pubsub/types.js';
import type { Clock } from './clock.js';

/** What a verified token says about the session it belongs to. */
export interface SessionToken {
  userId: number;
  /** `jti` of our tokens; a hash of the token for an identity provider's. */
  tokenId: string;
  /** The user's session generation the token was issued in; null for an identity provider's. */
  generation: number | null;
}

/** Why a session is refused; null when it is fine. */
export type SessionProblem = 'unknown-user' | 'ended' | 'suspended';

/** A user's session state as every instance keeps it in memory. */
interface UserSessions {
  generation: number;
  /** Epoch ms; null when not suspended. */
  suspendedUntil: number | null;
  /** Token ids ended one by one (logOut) that have not expired yet. */
  revoked: Set<string>;
  /** When this copy was read (a safety net for a lost pub/sub message re-reads it). */
  loadedAt: number;
}

/** Users whose state is kept; beyond it the map starts over (one query per user to refill). */
const CACHE_SIZE = 100_000;
/** A copy older than this is read again, in case a pub/sub message was lost. */
const MAX_AGE_MS = 5 * 60_000;

export interface Sessions {
  /**
   * Whether a verified token's session still holds: no query when the user's state is in
   * memory (the first token of a user on an instance reads it once).
   */
  problem(token: SessionToken): Promise<SessionProblem | null>;
  /** Tells every instance that `userId`'s sessions changed (after the change committed). */
  changed(userId: number): Promise<void>;
  /** Called on this instance after a user's state was dropped (sockets and streams re-check). */
  onChange(listener: (userId: number) => void): () => void;
  /** As onChange, for one user's changes only (a subscription of theirs). */
  watch(userId: number, listener: () => void): () => void;
}

/**
 * Session state (generation, suspension, revoked token ids) per user, in memory on every
 * instance, read from the database on first use and dropped when the `sessions` topic says
 * the user changed; the database stays the truth across restarts and lost messages.
 */
export function createSessions(options: {
  database: Database;
  pubsub: PubSub;
  clock: Clock;
  logger: Logger;
}): Sessions {
  const { database, pubsub, clock, logger } = options;
  const states = new Map<number, UserSessions>();
  /** Bumped when a user's state is dropped: a read that started before must not be kept. */
  const versions = new Map<number, number>();
  const loading = new Map<number, Promise<UserSessions | null>>();
  const listeners = new Set<(userId: number) => void>();
  const watchers = new Map<number, Set<() => void>>();

  const drop = (userId: number) => {
    states.delete(userId);
    loading.delete(userId);
    versions.set(userId, (versions.get(userId) ?? 0) + 1);
  };

  pubsub.on('sessions', ({ userId }) => {
    drop(userId);
    const calls = [...listeners].map((listener) => () => listener(userId));
    for (const watcher of watchers.get(userId) ?? []) calls.push(watcher);
    for (const call of calls) {
      try {
        call();
      } catch (error) {
        logger.error({ err: error }, 'a session listener failed');
      }
    }
  });
  // Messages may have been lost while Redis was away: read everyone again.
  pubsub.onReconnect(() => {
    for (const userId of [...states.keys()]) drop(userId);
  });

  async function read(userId: number): Promise<UserSessions | null> {
    const [row] = await database.rows<{
      generation: number;
      suspended_until: number | null;
      revoked: string[] | null;
    }>(sql`select u.session_generation as generation,
        (extract(epoch from u.suspended_until) * 1000)::float8 as suspended_until,
        array(select r.token_id from revoked_tokens r
          where r.user_id = u.id and r.expires_at > now()) as revoked
      from users u where u.id = ${userId}`);
    if (!row) return null;
    return {
      generation: Number(row.generation),
      suspendedUntil: row.suspended_until === null ? null : Number(row.suspended_until),
      revoked: new Set(row.revoked ?? []),
      loadedAt: Date.now(),
    };
  }

  function load(userId: number): Promise<UserSessions | null> {
    const held = states.get(userId);
    if (held && Date.now() - held.loadedAt < MAX_AGE_MS) return Promise.resolve(held);
    const pending = loading.get(userId);
    if (pending) return pending;
    const version = versions.get(userId) ?? 0;
    const promise = read(userId).then(
      (state) => {
        if ((versions.get(userId) ?? 0) === version) {
          loading.delete(userId);
          if (state) {
            if (states.size >= CACHE_SIZE) states.clear();
            states.set(userId, state);
          }
        }
        return state;
      },
      (error) => {
        if (loading.get(userId) === promise) loading.delete(userId);
        throw error;
      },
    );
    loading.set(userId, promise);
    return promise;
  }

  return {
    async problem(token) {
      const state = await load(token.userId);
      if (!state) return 'unknown-user';
      if (token.generation !== null && token.generation !== state.generation) return 'ended';
      if (state.revoked.has(token.tokenId)) return 'ended';
      if (state.suspendedUntil !== null && state.suspendedUntil > clock.now()) return 'suspended';
      return null;
    },
    async changed(userId) {
      // This instance at once (the publish comes back later, or not at all in memory mode).
      drop(userId);
      await pubsub.publish('sessions', { userId });
    },
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    watch(userId, listener) {
      const mine = watchers.get(userId) ?? new Set();
      mine.add(listener);
      watchers.set(userId, mine);
      return () => {
        mine.delete(listener);
        if (mine.size === 0 && watchers.get(userId) === mine) watchers.delete(userId);
      };
    },
  };
}

import DataLoader from 'dataloader';
import { and, eq } from 'drizzle-orm';
import type { Logger } from 'pino';
import { anyId } from '../../db/any-id.js';
import type { Database } from '../../db/client.js';
import { members } from '../../db/tables.js';
import { listen } from '../../pubsub/listen.js';
import { ListenerSet } from '../../pubsub/listeners.js';
import type { PubSub, TypingChange } from '../../pubsub/types.js';
import type { Clock } from '../clock.js';
import { requireMember } from '../conversations.js';
import type { RateLimits } from '../rate-limits.js';

/** Without a refresh for this long, a member stops typing (every instance says so). */
export const TYPING_EXPIRES_MS = 6_000;
/** A repeated `typing: true` this soon after the last one published is not published again. */
export const TYPING_THROTTLE_MS = 2_000;

export interface TypingOptions {
  database: Database;
  pubsub: PubSub;
  limits: RateLimits;
  /** Expiry and throttle read it; tests pass one they move. */
  clock: Clock;
  logger: Logger;
  expiresMs?: number;
  throttleMs?: number;
}

export interface Typing {
  /**
   * `userId` starts (or goes on) typing in a conversation, or stops. Members only
   * (NOT_FOUND / FORBIDDEN as for sending). A `typing: true` within the throttle of the last
   * one published answers at once and publishes nothing: no error, no query.
   */
  set(userId: number, conversationId: number, typing: boolean): Promise<void>;
  /**
   * The typing changes `viewerId` may see, as they happen: in `conversationId` (a member
   * only, checked now) or in any conversation of theirs; never their own; each checked
   * against their membership at the time it happens.
   */
  watch(
    viewerId: number,
    conversationId: number | null,
  ): Promise<AsyncIterableIterator<TypingChange>>;
  /** Subscribers on this instance (tests wait for theirs). */
  listeners(): number;
  stop(): void;
}

const keyOf = (change: { userId: number; conversationId: number }) =>
  `${change.userId}:${change.conversationId}`;

/**
 * Typing indicators through pub/sub only: never stored, never replayed.
 *
 * Every instance follows the `typing` topic and keeps who is typing where, with a timer per
 * typist: when no refresh came for TYPING_EXPIRES_MS, it tells its own subscribers
 * `typing: false` itself. So a typist whose client (or instance) vanished stops on every
 * instance, without anyone publishing it, and a refresh that reached another instance
 * counts everywhere. Throttled refreshes are not published, so expiry counts from the last
 * published one: a typist who stops is reported between 4 and 6 seconds later.
 */
export function createTyping(options: TypingOptions): Typing {
  const { database, pubsub, limits, clock, logger } = options;
  const expiresMs = options.expiresMs ?? TYPING_EXPIRES_MS;
  const throttleMs = options.throttleMs ?? TYPING_THROTTLE_MS;
  /** What this instance's subscribers hear: the topic, plus expiries. */
  const local = new ListenerSet();
  /** Typists this instance heard of, and the cancel of each one's expiry. */
  const typists = new Map<string, () => void>();
  /** When a `typing: true` per typist was last published, by any instance (the throttle). */
  const published = new Map<string, number>();

  const detach = pubsub.on('typing', (change) => {
    const key = keyOf(change);
    const cancel = typists.get(key);
    cancel?.();
    if (change.typing) {
      // Heard from any instance: a refresh arriving here within the throttle is dropped too.
      published.set(key, clock.now());
      typists.set(
        key,
        clock.at(clock.now() + expiresMs, () => {
          typists.delete(key);
          published.delete(key);
          local.emit('typing', { ...change, typing: false, at: clock.now() });
        }),
      );
    } else {
      published.delete(key);
      // Not typing as far as anyone here heard: nothing to stop.
      if (!cancel) return;
      typists.delete(key);
    }
    local.emit('typing', change);
  });

  /**
   * Whether users are members of the change's conversation now: one query per change on
   * this instance for all of its subscribers (they are asked in the same tick).
   */
  const membersOf = new WeakMap<TypingChange, DataLoader<number, boolean>>();
  function isMember(change: TypingChange, userId: number): Promise<boolean> {
    let loader = membersOf.get(change);
    if (!loader) {
      loader = new DataLoader(async (userIds: readonly number[]) => {
        const rows = await database.db
          .select({ userId: members.userId })
          .from(members)
          .where(
            and(eq(members.conversationId, change.conversationId), anyId(members.userId, userIds)),
          );
        const found = new Set(rows.map((row) => row.userId));
        return userIds.map((id) => found.has(id));
      });
      membersOf.set(change, loader);
    }
    return loader.load(userId);
  }

  return {
    async set(userId, conversationId, typing) {
      const key = keyOf({ userId, conversationId });
      const now = clock.now();
      const last = published.get(key);
      if (typing && last !== undefined && now - last < throttleMs) return;
      await requireMember(database.db, conversationId, userId);
      await limits.take('typing', userId);
      // Set before publishing, so calls meanwhile are throttled; the topic keeps it (and
      // the expiry removes it, so it holds only current typists).
      if (typing) published.set(key, now);
      else published.delete(key);
      await pubsub.publish('typing', { conversationId, userId, typing, at: now });
    },
    async watch(viewerId, conversationId) {
      if (conversationId !== null) await requireMember(database.db, conversationId, viewerId);
      return listen(local, 'typing', async (change) => {
        if (change.userId === viewerId) return false;
        if (conversationId !== null && change.conversationId !== conversationId) return false;
        try {
          return await isMember(change, viewerId);
        } catch (error) {
          // A typing indicator is not worth ending a subscription for.
          logger.warn({ err: error }, 'typing: membership check failed; change skipped');
          return false;
        }
      });
    },
    listeners: () => local.count('typing'),
    stop() {
      detach();
      for (const cancel of typists.values()) cancel();
      typists.clear();
      published.clear();
    },
  };
}

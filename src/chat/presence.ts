import { randomUUID } from 'node:crypto';
import { inArray, sql } from 'drizzle-orm';
import type { Logger } from 'pino';
import type { Database } from '../db/client.js';
import { users } from '../db/tables.js';
import { listen } from '../pubsub/listen.js';
import type { PresenceStore } from '../pubsub/presence-store.js';
import type { PresenceChange, PubSub } from '../pubsub/types.js';
import type { ChatDeps } from './deps.js';

export interface Presence {
  /** Marks a device online; returns the function that marks it gone. Never rejects. */
  connect(userId: number): Promise<() => Promise<void>>;
  areOnline(userIds: readonly number[]): Promise<boolean[]>;
  onlineUserIds(): Promise<number[]>;
  /** Releases this instance's leases (graceful shutdown) and stops its timers. */
  stop(): Promise<void>;
}

export interface PresenceOptions {
  store: PresenceStore;
  pubsub: PubSub;
  database: Database;
  logger: Logger;
  leaseMs: number;
}

/**
 * Online while any acknowledged socket holds a lease. Leases are renewed every third of
 * their life; a crashed instance stops renewing, and any instance's sweep then reports
 * its users offline within one lease.
 */
export function createPresence(options: PresenceOptions): Presence {
  const { store, pubsub, database, logger, leaseMs } = options;
  const local = new Map<string, number>();

  async function announce(userIds: number[], online: boolean) {
    if (userIds.length === 0) return;
    const at = Date.now();
    if (!online) {
      await database.db
        .update(users)
        .set({ lastSeenAt: sql`now()` })
        .where(inArray(users.id, userIds))
        .catch((error) => logger.warn({ err: error }, 'could not record lastSeenAt'));
    }
    for (const userId of userIds) await pubsub.publish('presence', { userId, online, at });
  }

  const renewTimer = setInterval(() => {
    const leases = [...local].map(([leaseId, userId]) => ({ userId, leaseId }));
    store
      .renew(leases, Date.now() + leaseMs)
      .catch((error) => logger.warn({ err: error }, 'presence renew failed'));
  }, leaseMs / 3);
  const sweepTimer = setInterval(() => {
    store
      .sweep(Date.now())
      .then((gone) => announce(gone, false))
      .catch((error) => logger.warn({ err: error }, 'presence sweep failed'));
  }, leaseMs / 3);
  renewTimer.unref();
  sweepTimer.unref();

  /** Releases under way: stop() waits for those a closing socket started, too. */
  const releasing = new Set<Promise<void>>();

  async function releaseNow(userId: number, leaseId: string) {
    try {
      if (await store.release(userId, leaseId)) await announce([userId], false);
    } catch (error) {
      logger.warn({ err: error, userId }, 'presence release failed; the lease expires on its own');
    }
  }

  async function release(userId: number, leaseId: string) {
    if (!local.delete(leaseId)) return;
    const done = releaseNow(userId, leaseId);
    releasing.add(done);
    await done;
    releasing.delete(done);
  }

  return {
    async connect(userId) {
      const leaseId = randomUUID();
      local.set(leaseId, userId);
      try {
        if (await store.acquire(userId, leaseId, Date.now() + leaseMs))
          await announce([userId], true);
      } catch (error) {
        logger.warn({ err: error, userId }, 'presence acquire failed');
      }
      return () => release(userId, leaseId);
    },
    areOnline: (userIds) => store.areOnline(userIds),
    onlineUserIds: () => store.onlineUserIds(),
    async stop() {
      clearInterval(renewTimer);
      clearInterval(sweepTimer);
      await Promise.all([...local].map(([leaseId, userId]) => release(userId, leaseId)));
      await Promise.all(releasing);
    },
  };
}

/** Whether two users share a conversation (presence is shown only to them). */
export async function sharesConversation(
  database: Database,
  viewerId: number,
  userId: number,
): Promise<boolean> {
  if (viewerId === userId) return true;
  const [row] = await database.rows<{ shared: boolean }>(sql`select exists (
      select 1 from members a join members b on a.conversation_id = b.conversation_id
      where a.user_id = ${viewerId} and b.user_id = ${userId}) as shared`);
  return Boolean(row?.shared);
}

/** How long one viewer's stream trusts a "shares a conversation" answer. */
const SHARED_CACHE_MS = 10_000;

/**
 * The presence changes a viewer may see, as they happen: those of users who share a
 * conversation with them. Each answer is trusted for SHARED_CACHE_MS, so a user going on
 * and off line costs each watcher one query per that time, not one per change.
 */
export function watchPresence(
  deps: Pick<ChatDeps, 'database' | 'pubsub'>,
  viewerId: number,
): AsyncIterableIterator<PresenceChange> {
  const shared = new Map<number, { value: boolean; at: number }>();
  return listen(deps.pubsub, 'presence', async (change) => {
    const cached = shared.get(change.userId);
    if (cached && Date.now() - cached.at < SHARED_CACHE_MS) return cached.value;
    const value = await sharesConversation(deps.database, viewerId, change.userId);
    shared.set(change.userId, { value, at: Date.now() });
    return value;
  });
}

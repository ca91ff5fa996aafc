import { sql } from 'drizzle-orm';
import type { AttachmentData } from '../../db/tables.js';
import type { ChatDeps } from '../deps.js';

/** Any constant: the instance holding it removes a batch; the others skip their run. */
const RETENTION_LOCK = 7_270_004;

export interface RetentionOptions {
  /** Messages older than this are removed. */
  retentionMs: number;
  /** How often a run starts (the first one after at most a minute). */
  everyMs: number;
  /** Messages per transaction: each one holds its conversations' rows that long. */
  batchSize: number;
  /** Users whose old inbox events go in one transaction. */
  eventBatchUsers?: number;
}

export interface RetentionRun {
  messages: number;
  events: number;
  /** False when another instance held the lock: this run did nothing. */
  ran: boolean;
}

export interface Retention {
  /** One run now (the timer's runs and this one never overlap on an instance). */
  runNow(): Promise<RetentionRun>;
  stop(): Promise<void>;
}

interface RemovedRow {
  conversation_id: string | number;
  max_seq: string | number;
  ids: (string | number)[];
  /** Tombstones among them. */
  recalled: (string | number)[] | null;
  attachments: AttachmentData[] | null;
  last_removed: boolean;
}

/**
 * Removes one batch of messages older than `cutoff`, in one transaction: the oldest ones
 * nobody else is changing (SKIP LOCKED), their conversations' rows locked in id order (as a
 * send locks one: a send to one of them waits for this batch only), members' read positions
 * moved past them (so unread counts, which subtract the read position from the last number,
 * stay right), and a conversation's last message forgotten when it was removed (then every
 * message of it was). Returns the removed messages' attachments; `null` when another
 * instance holds the lock.
 */
async function removeMessageBatch(
  deps: ChatDeps,
  cutoff: Date,
  ids: { after: number; upTo: number },
  batchSize: number,
): Promise<{ count: number; lastId: number; attachments: AttachmentData[] } | null> {
  const { database } = deps;
  return database.db.transaction(async (tx) => {
    const [lock] = await database.rows<{ ok: boolean }>(
      sql`select pg_try_advisory_xact_lock(${RETENTION_LOCK}) as ok`,
      tx,
    );
    if (!lock?.ok) return null;
    const rows = await database.rows<RemovedRow>(
      sql`with batch as (
          select id, conversation_id, seq, attachment, deleted_at from messages
          where id > ${ids.after} and id <= ${ids.upTo}
            and created_at < ${cutoff.toISOString()}::timestamptz
          order by id
          limit ${batchSize}
          for update skip locked
        ), locked as (
          select c.id, c.last_message_id from conversations c
          where c.id in (select conversation_id from batch)
          order by c.id for update
        ), removed as (
          delete from messages m using batch b where m.id = b.id
          returning m.id, m.conversation_id, m.seq, b.attachment, b.deleted_at
        )
        select r.conversation_id, max(r.seq) as max_seq, array_agg(r.id) as ids,
          array_agg(r.id) filter (where r.deleted_at is not null) as recalled,
          jsonb_agg(r.attachment) filter (where r.attachment is not null) as attachments,
          bool_or(r.id = l.last_message_id) as last_removed
        from removed r join locked l on l.id = r.conversation_id
        group by r.conversation_id
        order by r.conversation_id`,
      tx,
    );
    if (rows.length === 0) return { count: 0, lastId: ids.upTo, attachments: [] };
    const conversationIds = `{${rows.map((r) => r.conversation_id).join(',')}}`;
    const maxSeqs = `{${rows.map((r) => r.max_seq).join(',')}}`;
    await database.rows(
      sql`update members m set read_seq = v.max_seq
        from (select unnest(${conversationIds}::bigint[]) as conversation_id,
          unnest(${maxSeqs}::bigint[]) as max_seq) v
        where m.conversation_id = v.conversation_id and m.read_seq < v.max_seq`,
      tx,
    );
    const emptied = rows.filter((r) => r.last_removed).map((r) => r.conversation_id);
    if (emptied.length > 0) {
      await database.rows(
        sql`update conversations set last_message_id = null
          where id = any(${`{${emptied.join(',')}}`}::bigint[])`,
        tx,
      );
    }
    // A recall made after the cutoff left a MESSAGE_DELETED event newer than it, which the
    // removal of old events does not reach: removed with its message (a replay must not meet
    // a message that is gone). Tombstones are few; their members' inboxes are read by key.
    const removed = rows.flatMap((r) => r.ids.map(Number));
    const recalled = rows.filter((r) => r.recalled?.length);
    if (recalled.length > 0) {
      await database.rows(
        sql`delete from inbox_events e
          using members mb
          where mb.conversation_id = any(${`{${recalled.map((r) => r.conversation_id).join(',')}}`}::bigint[])
            and e.user_id = mb.user_id
            and e.kind = 'MESSAGE_DELETED'
            and e.message_id = any(${`{${recalled.flatMap((r) => r.recalled ?? []).join(',')}}`}::bigint[])`,
        tx,
      );
    }
    return {
      count: removed.length,
      lastId: Math.max(...removed),
      attachments: rows.flatMap((r) => r.attachments ?? []),
    };
  });
}

/**
 * Removes the inbox events older than `cutoff` of the next `users` users after `afterUser`
 * (by the primary key: each inbox read once per run, whatever was removed before) and moves
 * their pruned positions past them, so a cursor before them gets a ResyncEvent. Counter rows
 * are locked in user id order, as every writer of them does. Null: another instance holds
 * the lock; `lastUser` null: no users left.
 */
async function removeEventBatch(
  deps: ChatDeps,
  cutoff: Date,
  afterUser: number,
  users: number,
): Promise<{ removed: number; lastUser: number | null } | null> {
  const { database } = deps;
  return database.db.transaction(async (tx) => {
    const [lock] = await database.rows<{ ok: boolean }>(
      sql`select pg_try_advisory_xact_lock(${RETENTION_LOCK}) as ok`,
      tx,
    );
    if (!lock?.ok) return null;
    const batch = await database.rows<{ user_id: string | number }>(
      sql`select user_id from inbox_counters where user_id > ${afterUser}
        order by user_id limit ${users}`,
      tx,
    );
    if (batch.length === 0) return { removed: 0, lastUser: null };
    const lastUser = Number(batch.at(-1)?.user_id);
    const gone = await database.rows<{
      user_id: string | number;
      upto: string | number;
      n: string | number;
    }>(
      sql`with gone as (
          delete from inbox_events e
          where e.user_id = any(${`{${batch.map((b) => b.user_id).join(',')}}`}::bigint[])
            and e.created_at < ${cutoff.toISOString()}::timestamptz
          returning e.user_id, e.seq
        )
        select user_id, max(seq) as upto, count(*) as n from gone group by user_id order by user_id`,
      tx,
    );
    if (gone.length === 0) return { removed: 0, lastUser };
    await database.rows(
      sql`with v as (
          select unnest(${`{${gone.map((g) => g.user_id).join(',')}}`}::bigint[]) as user_id,
            unnest(${`{${gone.map((g) => g.upto).join(',')}}`}::bigint[]) as upto
        ), locked as (
          select c.user_id, v.upto from inbox_counters c join v on v.user_id = c.user_id
          order by c.user_id for update of c
        )
        update inbox_counters c set pruned_seq = greatest(c.pruned_seq, locked.upto)
        from locked where c.user_id = locked.user_id`,
      tx,
    );
    return { removed: gone.reduce((sum, g) => sum + Number(g.n), 0), lastUser };
  });
}

/** Lets sends waiting for the database go first between two batches. */
const yieldToOthers = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * One retention run: messages older than `retentionMs` (by `deps.clock`), batch after
 * batch until none is left, then their inbox events (those up to `editWindowMs` newer too:
 * a removed message's edits are). After each batch, the removed messages' files go through
 * `deps.removeMessageFiles`.
 */
export async function runRetention(
  deps: ChatDeps,
  options: Pick<RetentionOptions, 'retentionMs' | 'batchSize' | 'eventBatchUsers'>,
): Promise<RetentionRun> {
  const cutoff = new Date(deps.clock.now() - options.retentionMs);
  const run: RetentionRun = { messages: 0, events: 0, ran: true };
  // Batches walk the primary key up to the newest old message: every batch starts where the
  // last one ended instead of stepping again over the rows it removed (dead until vacuumed).
  const [bounds] = await deps.database.rows<{ up_to: string | number | null }>(
    sql`select max(id) as up_to from messages where created_at < ${cutoff.toISOString()}::timestamptz`,
  );
  const ids = { after: 0, upTo: Number(bounds?.up_to ?? 0) };
  while (ids.upTo > ids.after) {
    const batch = await removeMessageBatch(deps, cutoff, ids, options.batchSize);
    if (batch === null) return { ...run, ran: false };
    run.messages += batch.count;
    ids.after = batch.lastId;
    if (batch.attachments.length > 0) {
      await deps.removeMessageFiles(batch.attachments).catch((error: unknown) => {
        deps.logger.warn({ err: error }, 'retention could not remove files');
      });
    }
    if (batch.count < options.batchSize) break;
    await yieldToOthers();
  }
  const eventCutoff = new Date(cutoff.getTime() + deps.editWindowMs);
  for (let afterUser = 0; ; ) {
    const batch = await removeEventBatch(
      deps,
      eventCutoff,
      afterUser,
      options.eventBatchUsers ?? 100,
    );
    if (batch === null || batch.lastUser === null) break;
    run.events += batch.removed;
    afterUser = batch.lastUser;
    await yieldToOthers();
  }
  if (run.messages > 0 || run.events > 0) {
    deps.logger.info({ messages: run.messages, events: run.events }, 'retention removed');
  }
  return run;
}

/**
 * Runs retention every `everyMs` on `deps.clock` (tests move it). One run at a time per
 * instance; across instances the advisory lock lets one work and the others skip.
 */
export function startRetention(deps: ChatDeps, options: RetentionOptions): Retention {
  let current: Promise<RetentionRun> | null = null;
  let cancel: (() => void) | null = null;
  let stopped = false;
  const runNow = (): Promise<RetentionRun> => {
    current ??= runRetention(deps, options).finally(() => {
      current = null;
    });
    return current;
  };
  const schedule = (inMs: number) => {
    if (stopped) return;
    cancel = deps.clock.at(deps.clock.now() + inMs, () => {
      runNow()
        .catch((error: unknown) => {
          deps.meters.databaseError('background');
          deps.logger.warn({ err: error }, 'retention failed');
        })
        .finally(() => schedule(options.everyMs));
    });
  };
  schedule(Math.min(options.everyMs, 60_000));
  return {
    runNow,
    async stop() {
      stopped = true;
      cancel?.();
      await current?.catch(() => {});
    },
  };
}

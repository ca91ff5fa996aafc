import { type SQL, sql } from 'drizzle-orm';
import type { Database } from '../db/client.js';
import type { ChatDeps } from './deps.js';
import { badInput } from './errors.js';

export interface DayStats {
  /** YYYY-MM-DD, UTC. */
  day: string;
  messages: number;
  activeUsers: number;
  newUsers: number;
}

export interface Stats {
  users: number;
  onlineNow: number;
  rooms: number;
  messages: number;
  days: DayStats[];
}

/** Rows rolled up per statement: short transactions, however far behind the rollup is. */
const ROLLUP_BATCH = 50_000;
/**
 * Only rows older than this are rolled up: ids are handed out before commit, so a younger
 * row with a lower id may still be on its way. Younger ones are counted live (the tail).
 */
const SETTLE_SECONDS = 30;
/** Days one stats query may span. */
export const MAX_STATS_DAYS = 366;
const DAY_MS = 86_400_000;

const MESSAGES_UPTO = 'stats_messages_upto';
const USERS_UPTO = 'stats_users_upto';

/**
 * Folds messages and sign-ups older than SETTLE_SECONDS into per-day rows (stats_days,
 * stats_active), one batch per transaction, by id past a watermark kept in `settings`: the
 * send path writes nothing for statistics, and a stats query reads one row per day plus the
 * last seconds. One instance rolls up at a time; the others skip. Returns rows folded.
 */
export async function rollUpStats(
  database: Database,
  settleSeconds = SETTLE_SECONDS,
): Promise<number> {
  let folded = 0;
  for (;;) {
    const step = await database.db.transaction(async (tx) => {
      const [lock] = await database.rows<{ ok: boolean }>(
        sql`select pg_try_advisory_xact_lock(7270014) as ok`,
        tx,
      );
      if (!lock?.ok) return 0;
      const [marks] = await database.rows<{ m: string | null; u: string | null }>(
        sql`select (select value from settings where key = ${MESSAGES_UPTO}) as m,
          (select value from settings where key = ${USERS_UPTO}) as u`,
        tx,
      );
      const messagesFrom = Number(marks?.m ?? 0);
      const usersFrom = Number(marks?.u ?? 0);
      const [ends] = await database.rows<{ m: string | null; u: string | null }>(
        sql`select ${settledEnd(sql`messages`, messagesFrom, settleSeconds)} as m,
          ${settledEnd(sql`users`, usersFrom, settleSeconds)} as u`,
        tx,
      );
      const messagesTo = ends?.m == null ? messagesFrom : Number(ends.m);
      const usersTo = ends?.u == null ? usersFrom : Number(ends.u);
      if (messagesTo > messagesFrom) {
        await database.rows(
          sql`with batch as (
              select (created_at at time zone 'UTC')::date as day, sender_id from messages
              where id > ${messagesFrom} and id <= ${messagesTo} and sender_id is not null
            ), fresh as (
              insert into stats_active (day, user_id)
              select distinct day, sender_id from batch
              on conflict do nothing
              returning day
            ), sent as (
              select day, count(*) as n from batch group by day
            ), active as (
              select day, count(*) as n from fresh group by day
            )
            -- One statement sees no row another part of it inserted: both counts in one upsert.
            insert into stats_days (day, messages, active_users)
            select sent.day, sent.n, coalesce(active.n, 0) from sent
            left join active on active.day = sent.day
            on conflict (day) do update set
              messages = stats_days.messages + excluded.messages,
              active_users = stats_days.active_users + excluded.active_users`,
          tx,
        );
      }
      if (usersTo > usersFrom) {
        await database.rows(
          sql`insert into stats_days (day, new_users)
            select (created_at at time zone 'UTC')::date, count(*) from users
            where id > ${usersFrom} and id <= ${usersTo} group by 1
            on conflict (day) do update set new_users = stats_days.new_users + excluded.new_users`,
          tx,
        );
      }
      if (messagesTo === messagesFrom && usersTo === usersFrom) return 0;
      await database.rows(
        sql`insert into settings (key, value) values
            (${MESSAGES_UPTO}, ${String(messagesTo)}), (${USERS_UPTO}, ${String(usersTo)})
          on conflict (key) do update set value = excluded.value`,
        tx,
      );
      return messagesTo - messagesFrom + (usersTo - usersFrom);
    });
    folded += step;
    if (step === 0) return folded;
  }
}

/**
 * The last id of the next batch after `from` that stops before the first row younger than
 * the settle window, or null when there is none. Looking for that first young row (an index
 * scan that stops at it) instead of the newest old row keeps a busy server's rollup from
 * reading a whole batch of young rows only to find nothing to fold.
 */
function settledEnd(table: SQL, from: number, settleSeconds: number): SQL {
  const cap = from + ROLLUP_BATCH;
  return sql`(select max(id) from ${table} where id > ${from} and id <= ${cap}
    and id < coalesce((select min(id) from ${table} where id > ${from} and id <= ${cap}
      and created_at >= now() - make_interval(secs => ${settleSeconds})), ${cap + 1}))`;
}

const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/**
 * Totals, users online now, and per UTC day from `since` to `until` (default: the last 30
 * days) the messages sent, the users who sent one and the sign-ups. Reads the rolled-up days
 * and counts only what is younger than the rollup.
 */
export async function readStats(
  deps: ChatDeps,
  range: { since?: Date | null; until?: Date | null },
): Promise<Stats> {
  const untilMs = range.until?.getTime() ?? deps.clock.now();
  const sinceMs = range.since?.getTime() ?? untilMs - 29 * DAY_MS;
  if (sinceMs > untilMs) throw badInput('since must not be after until');
  const from = dayOf(sinceMs);
  const to = dayOf(untilMs);
  if ((Date.parse(to) - Date.parse(from)) / DAY_MS + 1 > MAX_STATS_DAYS) {
    throw badInput(`A stats range spans at most ${MAX_STATS_DAYS} days`);
  }
  const { database } = deps;
  const [marks] = await database.rows<{ m: string | null; u: string | null }>(
    sql`select (select value from settings where key = ${MESSAGES_UPTO}) as m,
      (select value from settings where key = ${USERS_UPTO}) as u`,
  );
  const messagesFrom = Number(marks?.m ?? 0);
  const usersFrom = Number(marks?.u ?? 0);
  const [totalsRows, dayRows, online] = await Promise.all([
    database.rows<{ users: string; rooms: string; messages: string }>(
      sql`select (select count(*) from users) as users,
        (select count(*) from conversations where kind = 'ROOM' and archived_at is null) as rooms,
        (select coalesce(sum(messages), 0) from stats_days)
          + (select count(*) from messages where id > ${messagesFrom} and sender_id is not null)
          as messages`,
    ),
    database.rows<{ day: string; messages: string; active: string; new_users: string }>(
      sql`with tail as (
          select (created_at at time zone 'UTC')::date as day, sender_id from messages
          where id > ${messagesFrom} and sender_id is not null
        ), tail_sent as (
          select day, count(*) as n from tail group by day
        ), tail_active as (
          select t.day, count(distinct t.sender_id) as n from tail t
          where not exists (select 1 from stats_active a
            where a.day = t.day and a.user_id = t.sender_id)
          group by t.day
        ), tail_users as (
          select (created_at at time zone 'UTC')::date as day, count(*) as n from users
          where id > ${usersFrom} group by 1
        ), days as (
          select generate_series(${from}::date, ${to}::date, interval '1 day')::date as day
        )
        select d.day::text as day,
          coalesce(s.messages, 0) + coalesce(ts.n, 0) as messages,
          coalesce(s.active_users, 0) + coalesce(ta.n, 0) as active,
          coalesce(s.new_users, 0) + coalesce(tu.n, 0) as new_users
        from days d
        left join stats_days s on s.day = d.day
        left join tail_sent ts on ts.day = d.day
        left join tail_active ta on ta.day = d.day
        left join tail_users tu on tu.day = d.day
        order by d.day`,
    ),
    deps.presence.onlineUserIds(),
  ]);
  const totals = totalsRows[0];
  return {
    users: Number(totals?.users ?? 0),
    rooms: Number(totals?.rooms ?? 0),
    messages: Number(totals?.messages ?? 0),
    onlineNow: online.length,
    days: dayRows.map((row) => ({
      day: row.day,
      messages: Number(row.messages),
      activeUsers: Number(row.active),
      newUsers: Number(row.new_users),
    })),
  };
}

/** The stats operation: ADMIN only (the schema checks), rate limited. */
export async function stats(
  deps: ChatDeps,
  adminId: number,
  range: { since?: Date | null; until?: Date | null },
): Promise<Stats> {
  await deps.limits.take('stats', adminId);
  return readStats(deps, range);
}

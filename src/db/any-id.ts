import { type AnyColumn, getTableName, type SQL, sql } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { Db } from './client.js';

/**
 * `column = any($1::bigint[])`: one parameter for any number of ids, so a page of 1,000
 * events loads its rows with one short statement that PostgreSQL prepares once (drizzle's
 * inArray sends one parameter per id, a new statement text for every count).
 */
export function anyId(column: AnyColumn, ids: readonly number[]): SQL {
  return sql`${column} = any(${`{${ids.join(',')}}`}::bigint[])`;
}

type TableWithId = PgTable & { id: PgColumn };
type ByIds<T extends TableWithId> = {
  execute(values: { ids: string }): Promise<T['$inferSelect'][]>;
};

/** Queries built once per database and table. */
const builtByIds = new WeakMap<Db, Map<TableWithId, ByIds<TableWithId>>>();

/**
 * Every column of a table's rows with these ids, in no order. The query is built by drizzle
 * once and reused: building it again for every inbox event (its sender, its conversation) cost
 * about a twentieth of a message's server CPU.
 */
export function rowsById<T extends TableWithId>(
  db: Db,
  table: T,
  ids: readonly number[],
): Promise<T['$inferSelect'][]> {
  let built = builtByIds.get(db);
  if (!built) {
    built = new Map();
    builtByIds.set(db, built);
  }
  let query = built.get(table);
  if (!query) {
    query = db
      .select()
      .from(table as PgTable)
      .where(sql`${table.id} = any(${sql.placeholder('ids')}::bigint[])`)
      .prepare(`${getTableName(table)}_by_id`) as unknown as ByIds<TableWithId>;
    built.set(table, query);
  }
  return (query as ByIds<T>).execute({ ids: `{${ids.join(',')}}` });
}

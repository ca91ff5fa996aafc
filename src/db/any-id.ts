import { type AnyColumn, getTableName, type SQL, sql } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import { builtOnce } from './built-once.js';
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

/**
 * The rows of a table with these ids, in no order (one query built per table): every column,
 * or only `columns` (a table is always read with the same selection), whose rows are `Row`.
 */
export function rowsById<T extends TableWithId>(
  db: Db,
  table: T,
  ids: readonly number[],
): Promise<T['$inferSelect'][]>;
export function rowsById<Row>(
  db: Db,
  table: TableWithId,
  ids: readonly number[],
  columns: Record<string, PgColumn>,
): Promise<Row[]>;
export function rowsById(
  db: Db,
  table: TableWithId,
  ids: readonly number[],
  columns?: Record<string, PgColumn>,
): Promise<unknown[]> {
  const query = builtOnce(db, table, () =>
    (columns ? db.select(columns) : db.select())
      .from(table as PgTable)
      .where(sql`${table.id} = any(${sql.placeholder('ids')}::bigint[])`)
      .prepare(`${getTableName(table)}_by_id`),
  ) as unknown as { execute(values: { ids: string }): Promise<unknown[]> };
  return query.execute({ ids: `{${ids.join(',')}}` });
}

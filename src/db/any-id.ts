import { type AnyColumn, type SQL, sql } from 'drizzle-orm';

/**
 * `column = any($1::bigint[])`: one parameter for any number of ids, so a page of 1,000
 * events loads its rows with one short statement that PostgreSQL prepares once (drizzle's
 * inArray sends one parameter per id, a new statement text for every count).
 */
export function anyId(column: AnyColumn, ids: readonly number[]): SQL {
  return sql`${column} = any(${`{${ids.join(',')}}`}::bigint[])`;
}

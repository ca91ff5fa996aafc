import { sql } from 'drizzle-orm';
import type { App } from '../../src/server.js';

/** The text that makes the database refuse a row (see refuseMarkedRows). */
export const EXPLODE = 'explode';

/**
 * Makes the database refuse a user whose display name, or a message whose body, contains
 * EXPLODE: a failure the server did not expect, as a bug or a broken database gives. The
 * failed statement then carries what was being written (a password hash, a body).
 */
export async function refuseMarkedRows(app: App): Promise<void> {
  const { database } = app.deps;
  await database.rows(
    sql.raw(`create function test_refuse_row() returns trigger language plpgsql as $$
      begin raise exception 'the test refuses this row'; end $$`),
  );
  for (const [table, column] of [
    ['users', 'display_name'],
    ['messages', 'body'],
  ]) {
    await database.rows(
      sql.raw(`create trigger test_refuse_${table} before insert on ${table} for each row
        when (new.${column} like '%${EXPLODE}%') execute function test_refuse_row()`),
    );
  }
}

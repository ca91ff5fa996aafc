/** PostgreSQL error codes we turn into user-facing outcomes. */
export const PG_UNIQUE_VIOLATION = '23505';
export const PG_FOREIGN_KEY_VIOLATION = '23503';

/** The SQLSTATE and constraint of a driver error (postgres.js and PGlite name them alike). */
export function pgError(error: unknown): { code?: string; constraint?: string } {
  let e = error as {
    code?: string;
    constraint?: string;
    constraint_name?: string;
    cause?: unknown;
  };
  // drizzle wraps driver errors in DrizzleQueryError with the original as `cause`.
  if (e && typeof e === 'object' && !e.code && e.cause) e = e.cause as typeof e;
  if (!e || typeof e !== 'object') return {};
  const constraint = e.constraint ?? e.constraint_name;
  return {
    ...(e.code ? { code: e.code } : {}),
    ...(constraint ? { constraint } : {}),
  };
}

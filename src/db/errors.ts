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

/** postgres.js's own codes for a connection that failed or went away. */
const CONNECTION_CODES = new Set([
  'CONNECTION_CLOSED',
  'CONNECTION_ENDED',
  'CONNECTION_DESTROYED',
  'CONNECT_TIMEOUT',
]);

/**
 * Whether an error came from the database: a failed query (drizzle's wrapper, or a
 * PostgreSQL error with its SQLSTATE, from either driver) or a lost connection.
 */
export function isDatabaseFailure(error: unknown): boolean {
  let e = error as { code?: unknown; severity?: unknown; message?: unknown; cause?: unknown };
  for (let depth = 0; depth < 5 && e && typeof e === 'object'; depth++) {
    if (typeof e.message === 'string' && e.message.startsWith('Failed query: ')) return true;
    if (typeof e.code === 'string') {
      if (CONNECTION_CODES.has(e.code)) return true;
      if (/^[0-9A-Z]{5}$/.test(e.code) && typeof e.severity === 'string') return true;
    }
    e = e.cause as typeof e;
  }
  return false;
}

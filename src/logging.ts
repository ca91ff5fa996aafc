import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import { type DestinationStream, type Logger, pino } from 'pino';

/** What every log line written while serving one request or socket message carries. */
export interface RequestScope {
  reqId: string;
}

/**
 * The request (or WebSocket message) being served. Every log line written while serving it
 * carries its id, from any layer, without a logger threaded through every call: the domain,
 * yoga, error masking and both fast paths log through the one process logger.
 */
export const requestScope = new AsyncLocalStorage<RequestScope>();

/** An incoming `x-request-id` is kept when it looks like an id; anything else gets a new one. */
const SANE_REQUEST_ID = /^[\w.:/+=@-]{1,128}$/;

/** The id of a request: the client's `x-request-id` if sane and bounded, else a new UUID. */
export function requestIdOf(header: string | string[] | undefined): string {
  return typeof header === 'string' && SANE_REQUEST_ID.test(header) ? header : randomUUID();
}

/**
 * Fields that must never reach a log line, wherever they sit (up to two levels down):
 * credentials in headers and graphql-ws connectionParams, passwords and their hashes,
 * tokens, message bodies. Errors are handled by serializeError, not by paths.
 */
const REDACT = ['authorization', 'cookie', 'connectionParams', 'password', 'passwordHash', 'token']
  .concat(['body', 'variables'])
  .flatMap((key) => [key, `*.${key}`, `*.*.${key}`]);

/** Error properties that say what failed without carrying what was being written. */
const ERROR_FIELDS = [
  'code',
  'severity',
  'routine',
  'constraint',
  'constraint_name',
  'table',
  'table_name',
  'column',
  'column_name',
  'schema_name',
  'errno',
  'syscall',
  'address',
  'port',
] as const;

const MAX_CAUSES = 5;

/**
 * drizzle words a failed query `Failed query: <sql>\nparams: <values>`: the values are what
 * was being written (a password hash at sign-up, a message body). The SQL text stays.
 */
function withoutParameters(message: string): string {
  const at = message.indexOf('\nparams:');
  return at === -1 ? message : `${message.slice(0, at)}\nparams: [not logged]`;
}

/**
 * An error as a log line may show it: its type, message (query parameters cut), stack
 * frames and the fields in ERROR_FIELDS, then its cause the same way. Nothing else: a
 * PostgreSQL error's `detail` ("Failing row contains (...)"), postgres.js's `parameters`,
 * PGlite's `params`, ioredis's command arguments are all left out.
 */
export function serializeError(error: unknown, depth = 0): unknown {
  if (typeof error !== 'object' || error === null) return error;
  const e = error as Record<string, unknown> & { message?: unknown; stack?: unknown };
  const type = (e.constructor as { name?: string } | undefined)?.name ?? 'Error';
  const message = withoutParameters(typeof e.message === 'string' ? e.message : String(error));
  const out: Record<string, unknown> = { type, message };
  if (typeof e.stack === 'string') {
    // The stack's first lines repeat the message, parameters included: keep only the frames.
    const frames = e.stack.split('\n').filter((line) => /^\s+at /.test(line));
    out.stack = [`${type}: ${message}`, ...frames].join('\n');
  }
  for (const key of ERROR_FIELDS) {
    const value = e[key];
    if (typeof value === 'string' || typeof value === 'number') out[key] = value;
  }
  const command = e.command as { name?: unknown } | undefined;
  if (typeof command?.name === 'string') out.command = command.name;
  // GraphQL errors keep the resolver's error as originalError, others as cause.
  const cause = e.cause ?? e.originalError;
  if (cause !== undefined && depth < MAX_CAUSES) out.cause = serializeError(cause, depth + 1);
  if (Array.isArray(e.errors) && depth < MAX_CAUSES) {
    out.errors = e.errors.slice(0, 5).map((inner) => serializeError(inner, depth + 1));
  }
  return out;
}

/**
 * The process logger: JSON lines, the request id of the request being served on each
 * line, errors through serializeError, credentials and bodies redacted.
 */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      // A new object each time: pino merges the line's fields into what the mixin returns.
      mixin: () => {
        const scope = requestScope.getStore();
        return scope ? { reqId: scope.reqId } : {};
      },
      serializers: { err: serializeError, error: serializeError },
      redact: { paths: REDACT, censor: '[redacted]' },
    },
    destination,
  );
}

/** yoga's logger on top of pino: errors go through the `err` serializer, never String(). */
export function yogaLogging(logger: Logger) {
  const at =
    (level: 'debug' | 'info' | 'warn' | 'error') =>
    (...args: unknown[]) => {
      if (!logger.isLevelEnabled(level)) return;
      const errors = args.filter((arg) => arg instanceof Error);
      const text = args
        .filter((arg) => !(arg instanceof Error))
        .map((arg) => (typeof arg === 'string' ? arg : '[object]'))
        .join(' ');
      if (errors.length > 0) logger[level]({ err: errors[0] }, text || 'yoga error');
      else logger[level](text);
    };
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

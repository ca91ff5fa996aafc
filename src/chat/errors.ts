/** The error codes clients see in `extensions.code` (../shared/API.md, Errors). */
export type ErrorCode =
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'BAD_USER_INPUT'
  | 'CONFLICT'
  | 'RATE_LIMITED';

/** An expected outcome the client should see: its message is shown, never masked. */
export class ChatError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    /** More for the client, beside the code (`retryAfterSeconds`). */
    readonly extensions?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'ChatError';
  }
}

export const badInput = (message: string) => new ChatError('BAD_USER_INPUT', message);
export const notFound = (what: string) => new ChatError('NOT_FOUND', `${what} not found`);
export const forbidden = (message: string) => new ChatError('FORBIDDEN', message);
export const conflict = (message: string) => new ChatError('CONFLICT', message);
export const unauthenticated = (message = 'Sign in first: send a valid bearer token') =>
  new ChatError('UNAUTHENTICATED', message);
/** Over a rate limit: `retryAfterSeconds` says when the same request would pass. */
export const rateLimited = (message: string, retryAfterSeconds: number) =>
  new ChatError('RATE_LIMITED', message, { retryAfterSeconds });

import type { ExecutionResult } from 'graphql';
import { createGraphQLError, type Plugin } from 'graphql-yoga';
import type { Clock } from '../chat/clock.js';
import type { Sessions } from '../chat/sessions.js';
import type { Context } from '../schema/context.js';

const isAsyncIterable = (value: unknown): value is AsyncIterable<ExecutionResult> =>
  typeof value === 'object' && value !== null && Symbol.asyncIterator in value;

const expiredResult = (message: string): ExecutionResult => ({
  errors: [createGraphQLError(message, { extensions: { code: 'UNAUTHENTICATED' } })],
});

const DONE: IteratorReturnResult<undefined> = { done: true, value: undefined };

/**
 * The subscription's results until `expiresAt`, then one UNAUTHENTICATED error, then the end.
 * Hand-made rather than a Repeater: a Repeater asks its source for the next result before the
 * client asks for it when it stops, and the inbox counts the result before a `next` delivered.
 */
function until(
  source: AsyncIterable<ExecutionResult>,
  expiresAt: number,
  clock: Clock,
  /** Calls its argument when the session ends before expiry; returns its own removal. */
  watchSession: (endSession: () => void) => () => void,
): AsyncIterableIterator<ExecutionResult> {
  const iterator = source[Symbol.asyncIterator]();
  let expired = false;
  let reason = 'Your token expired: sign in again';
  let ended = false;
  let wake: (() => void) | undefined;
  const cancelExpiry = clock.at(expiresAt, () => {
    expired = true;
    wake?.();
  });
  const unwatch = watchSession(() => {
    reason = 'Your session ended: sign in again';
    expired = true;
    wake?.();
  });
  const cancel = () => {
    cancelExpiry();
    unwatch();
  };
  const end = async () => {
    ended = true;
    cancel();
    await iterator.return?.();
  };
  return {
    [Symbol.asyncIterator]() {
      return this;
    },
    async next() {
      if (ended) return DONE;
      if (!expired) {
        const expiry = new Promise<null>((resolve) => {
          wake = () => resolve(null);
        });
        const step = await Promise.race([iterator.next(), expiry]);
        wake = undefined;
        if (step) {
          if (step.done) {
            ended = true;
            cancel();
          }
          return step;
        }
      }
      await end();
      return { done: false, value: expiredResult(reason) };
    },
    async return() {
      if (!ended) await end();
      return DONE;
    },
    async throw(error) {
      if (!ended) await end();
      throw error;
    },
  };
}

/**
 * Ends every subscription when the token it was opened with expires or its session ends
 * (logOut, a changed password, suspension), whichever transport runs it through yoga's
 * envelop (SSE, and operations on a socket). Without it an SSE stream went on delivering to
 * an expired token; a socket also closes then (4403), on its own timer or session check.
 */
export function useTokenExpiry(clock: Clock, sessions: Sessions): Plugin {
  return {
    onSubscribe({ args }) {
      const viewer = (args.contextValue as Partial<Context>).viewer;
      if (!viewer) return;
      const watchSession = (endSession: () => void) =>
        sessions.watch(viewer.id, () => {
          sessions.problem(viewer.token).then(
            (problem) => {
              if (problem) endSession();
            },
            () => {},
          );
        });
      return {
        onSubscribeResult({ result, setResult }) {
          if (isAsyncIterable(result))
            setResult(until(result, viewer.tokenExpiresAt, clock, watchSession));
        },
      };
    },
  };
}

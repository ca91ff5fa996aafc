import type { ExecutionResult } from 'graphql';
import { createGraphQLError, type Plugin } from 'graphql-yoga';
import type { Clock } from '../chat/clock.js';
import type { Context } from '../schema/context.js';

const isAsyncIterable = (value: unknown): value is AsyncIterable<ExecutionResult> =>
  typeof value === 'object' && value !== null && Symbol.asyncIterator in value;

const expiredResult = (): ExecutionResult => ({
  errors: [
    createGraphQLError('Your token expired: sign in again', {
      extensions: { code: 'UNAUTHENTICATED' },
    }),
  ],
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
): AsyncIterableIterator<ExecutionResult> {
  const iterator = source[Symbol.asyncIterator]();
  let expired = false;
  let ended = false;
  let wake: (() => void) | undefined;
  const cancel = clock.at(expiresAt, () => {
    expired = true;
    wake?.();
  });
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
      return { done: false, value: expiredResult() };
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
 * Ends every subscription when the token it was opened with expires, whichever transport
 * runs it through yoga's envelop (SSE, and operations on a socket). Without it an SSE stream
 * went on delivering to an expired token; a socket also closes then (4403), on its own timer.
 */
export function useTokenExpiry(clock: Clock): Plugin {
  return {
    onSubscribe({ args }) {
      const expiresAt = (args.contextValue as Partial<Context>).viewer?.tokenExpiresAt;
      if (expiresAt === undefined) return;
      return {
        onSubscribeResult({ result, setResult }) {
          if (isAsyncIterable(result)) setResult(until(result, expiresAt, clock));
        },
      };
    },
  };
}

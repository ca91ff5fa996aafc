import type { PubSub, Topics } from './types.js';

/**
 * A topic as an async iterator, keeping only payloads `keep` accepts, in arrival order.
 * `return()` detaches at once, even while a `next()` is waiting.
 */
export function listen<K extends keyof Topics>(
  pubsub: Pick<PubSub, 'on'>,
  topic: K,
  keep: (payload: Topics[K]) => boolean | Promise<boolean>,
): AsyncIterableIterator<Topics[K]> {
  const pending: Topics[K][] = [];
  let waiter: (() => void) | null = null;
  let finished = false;
  const detach = pubsub.on(topic, (payload) => {
    pending.push(payload);
    const wake = waiter;
    waiter = null;
    wake?.();
  });
  const iterator: AsyncIterableIterator<Topics[K]> = {
    [Symbol.asyncIterator]: () => iterator,
    async next() {
      while (!finished) {
        const payload = pending.shift();
        if (payload !== undefined) {
          if (await keep(payload)) return { value: payload, done: false };
          continue;
        }
        await new Promise<void>((resolve) => {
          waiter = resolve;
        });
      }
      return { value: undefined, done: true };
    },
    async return() {
      finished = true;
      detach();
      pending.length = 0;
      const wake = waiter;
      waiter = null;
      wake?.();
      return { value: undefined, done: true };
    },
  };
  return iterator;
}

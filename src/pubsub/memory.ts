import { ListenerSet } from './listeners.js';
import type { PubSub, Topics } from './types.js';

/** One instance only: publishes reach this process's listeners, asynchronously like Redis. */
export function createMemoryPubSub(): PubSub & { listeners: ListenerSet } {
  const listeners = new ListenerSet();
  return {
    kind: 'memory',
    listeners,
    async publish<K extends keyof Topics>(topic: K, payload: Topics[K]) {
      setImmediate(() => listeners.emit(topic, payload));
    },
    on: (topic, listener) => listeners.on(topic, listener),
    onReconnect: (listener) => listeners.onReconnect(listener),
    async ping() {},
    async close() {},
  };
}

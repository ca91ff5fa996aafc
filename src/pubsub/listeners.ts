import type { Listener, Topics } from './types.js';

/** The local fan-out shared by both transports. */
export class ListenerSet {
  private readonly byTopic = new Map<keyof Topics, Set<Listener<keyof Topics>>>();
  private readonly reconnectListeners = new Set<() => void>();

  on<K extends keyof Topics>(topic: K, listener: Listener<K>): () => void {
    let set = this.byTopic.get(topic);
    if (!set) {
      set = new Set();
      this.byTopic.set(topic, set);
    }
    set.add(listener as Listener<keyof Topics>);
    return () => set.delete(listener as Listener<keyof Topics>);
  }

  emit<K extends keyof Topics>(topic: K, payload: Topics[K]): void {
    for (const listener of this.byTopic.get(topic) ?? []) listener(payload);
  }

  onReconnect(listener: () => void): () => void {
    this.reconnectListeners.add(listener);
    return () => this.reconnectListeners.delete(listener);
  }

  emitReconnect(): void {
    for (const listener of this.reconnectListeners) listener();
  }

  /** Listeners of one topic (/metrics counts presence subscriptions with it). */
  count(topic: keyof Topics): number {
    return this.byTopic.get(topic)?.size ?? 0;
  }

  /** How many listeners are attached (tests count leaks with it). */
  size(): number {
    let n = 0;
    for (const set of this.byTopic.values()) n += set.size;
    return n;
  }
}

import type { MessageRow } from './messages/rows.js';

/** How long a sent message is kept: long enough for its live deliveries. */
const RECENT_MS = 5000;

/**
 * Messages this instance just wrote: their live deliveries here need not read them back.
 * Rows of other kinds, and messages from elsewhere, are loaded per event (src/schema/loaders.ts).
 */
export interface RecentMessages {
  remember(message: MessageRow): void;
  peek(id: number): MessageRow | undefined;
  /** Drops a message that changed (edited, recalled): its deliveries read it again. */
  forget(id: number): void;
  stop(): void;
}

export function createRecentMessages(): RecentMessages {
  // Two generations: a message stays between RECENT_MS and twice that, without a timer per row.
  let current = new Map<number, MessageRow>();
  let previous = new Map<number, MessageRow>();
  const timer = setInterval(() => {
    previous = current;
    current = new Map();
  }, RECENT_MS);
  timer.unref();
  return {
    remember: (message) => current.set(message.id, message),
    peek: (id) => current.get(id) ?? previous.get(id),
    forget: (id) => {
      current.delete(id);
      previous.delete(id);
    },
    stop: () => clearInterval(timer),
  };
}

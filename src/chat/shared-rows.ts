import DataLoader from 'dataloader';
import type { ChatDeps } from './deps.js';
import { loadMessages, type MessageRow } from './messages/rows.js';
import { loadUsers, type UserRow } from './users.js';

/** How long a shared row is reused; messages never change, users rarely. */
const SHARED_TTL_MS = 5000;

/**
 * Rows shared by every subscription of this instance. A message to a room of 200 is
 * loaded once here, not once per member's subscription.
 */
export interface SharedRows {
  message: DataLoader<number, MessageRow | null>;
  user: DataLoader<number, UserRow | null>;
  /** A message this instance just wrote: its deliveries need not read it back. */
  remember(message: MessageRow): void;
  /** A row already loaded (no promise): an event whose rows are all here executes synchronously. */
  peekMessage(id: number): MessageRow | undefined;
  peekUser(id: number): UserRow | undefined;
  /** Loads the messages (and their senders) a page of inbox events refers to, in one query each. */
  prefetch(items: { messageId: number | null }[]): Promise<void>;
  stop(): void;
}

export function createSharedRows(deps: Pick<ChatDeps, 'database'>): SharedRows {
  const messages = new Map<number, MessageRow>();
  const users = new Map<number, UserRow>();
  const remember =
    <Row extends { id: number }>(into: Map<number, Row>) =>
    (rows: (Row | null)[]) => {
      for (const row of rows) if (row) into.set(row.id, row);
      return rows;
    };
  const message = new DataLoader((ids: readonly number[]) =>
    loadMessages(deps, ids).then(remember(messages)),
  );
  const user = new DataLoader((ids: readonly number[]) =>
    loadUsers(deps, ids).then(remember(users)),
  );
  const timer = setInterval(() => {
    message.clearAll();
    user.clearAll();
    messages.clear();
    users.clear();
  }, SHARED_TTL_MS);
  timer.unref();
  return {
    message,
    user,
    remember(row) {
      messages.set(row.id, row);
      message.prime(row.id, row);
    },
    peekMessage: (id) => messages.get(id),
    peekUser: (id) => users.get(id),
    async prefetch(items) {
      // Straight into the peekable rows: a page of 1,000 events makes no promise per row.
      const wanted = new Set<number>();
      for (const item of items)
        if (item.messageId !== null && !messages.has(item.messageId)) wanted.add(item.messageId);
      if (wanted.size > 0) remember(messages)(await loadMessages(deps, [...wanted]));
      const senders = new Set<number>();
      for (const item of items) {
        const senderId = item.messageId === null ? null : messages.get(item.messageId)?.senderId;
        if (senderId != null && !users.has(senderId)) senders.add(senderId);
      }
      if (senders.size > 0) remember(users)(await loadUsers(deps, [...senders]));
    },
    stop: () => clearInterval(timer),
  };
}

import DataLoader from 'dataloader';
import { loadBroadcasts } from '../chat/broadcast.js';
import {
  loadConversations,
  loadMembershipPairs,
  type RecipientRow,
} from '../chat/conversations.js';
import type { ChatDeps } from '../chat/deps.js';
import type { InboxItem } from '../chat/inbox/item.js';
import { loadMessages, type MessageRow } from '../chat/messages/rows.js';
import { loadReceipts, type ReceiptCounts } from '../chat/receipts.js';
import { loadUsers } from '../chat/users.js';

type Batch<Row> = (ids: readonly number[]) => Promise<(Row | null)[]>;

/**
 * Rows by id, loaded in batches (DataLoader). A row already here comes back without a
 * promise, so an event whose rows are all loaded executes synchronously.
 */
export class RowLoader<Row> {
  private readonly rows = new Map<number, Row | null>();
  private batches?: DataLoader<number, Row | null>;

  constructor(private readonly batch: Batch<Row>) {}

  load(id: number): Row | null | Promise<Row | null> {
    const row = this.rows.get(id);
    if (row !== undefined) return row;
    this.batches ??= new DataLoader((ids: readonly number[]) => this.batch(ids));
    return this.batches.load(id).then((loaded) => {
      this.rows.set(id, loaded);
      return loaded;
    });
  }

  /** The row if it is here already. */
  peek(id: number): Row | null | undefined {
    return this.rows.get(id);
  }

  prime(id: number, row: Row | null): void {
    this.rows.set(id, row);
  }

  /** Loads every id not here yet in one batch. */
  async loadMany(ids: Iterable<number>): Promise<void> {
    const wanted = [...new Set(ids)].filter((id) => !this.rows.has(id));
    if (wanted.length === 0) return;
    const rows = await this.batch(wanted);
    wanted.forEach((id, i) => {
      this.rows.set(id, rows[i] ?? null);
    });
  }
}

/**
 * Rows that are the same whoever reads them: one set per request, or one per inbox event
 * shared by every recipient of it on this instance (a message to a room of 200 loads its
 * message, sender and conversation once). Nothing here depends on the viewer; memberships
 * are keyed by user as well as conversation, so recipients share one query for theirs.
 */
export class RowSet {
  // Made on first use: most contexts (an idle subscription's, a mutation's) need one or two.
  private users?: RowLoader<Awaited<ReturnType<typeof loadUsers>>[number]>;
  private conversations?: RowLoader<Awaited<ReturnType<typeof loadConversations>>[number]>;
  private messages?: RowLoader<Awaited<ReturnType<typeof loadMessages>>[number]>;
  private broadcasts?: RowLoader<Awaited<ReturnType<typeof loadBroadcasts>>[number]>;
  private presence?: RowLoader<boolean>;
  private memberships?: DataLoader<string, RecipientRow | null>;
  private receipts?: DataLoader<MessageRow, ReceiptCounts, number>;

  constructor(private readonly deps: ChatDeps) {}

  /** Receipt counts of messages, the messages of a page in one query. */
  get receipt() {
    this.receipts ??= new DataLoader(
      (rows: readonly MessageRow[]) => loadReceipts(this.deps, rows),
      {
        cacheKeyFn: (row) => row.id,
      },
    );
    return this.receipts;
  }

  get user() {
    this.users ??= new RowLoader((ids) => loadUsers(this.deps, ids));
    return this.users;
  }

  get conversation() {
    this.conversations ??= new RowLoader((ids) => loadConversations(this.deps, ids));
    return this.conversations;
  }

  get message() {
    this.messages ??= new RowLoader((ids) => loadMessages(this.deps, ids));
    return this.messages;
  }

  get broadcast() {
    this.broadcasts ??= new RowLoader((ids) => loadBroadcasts(this.deps, ids));
    return this.broadcasts;
  }

  get online() {
    this.presence ??= new RowLoader((ids) => this.deps.presence.areOnline(ids));
    return this.presence;
  }

  /** A user's membership of a conversation (null when not a member), with their status. */
  membership(userId: number, conversationId: number): Promise<RecipientRow | null> {
    this.memberships ??= new DataLoader((keys: readonly string[]) =>
      loadMembershipPairs(
        this.deps,
        keys.map((key) => key.split(':').map(Number) as [number, number]),
      ),
    );
    return this.memberships.load(`${userId}:${conversationId}`);
  }

  /** Forgets a membership read before this request changed it (muteConversation). */
  forgetMembership(userId: number, conversationId: number): void {
    this.memberships?.clear(`${userId}:${conversationId}`);
  }
}

/** The viewer's membership of conversations, through the rows it shares. */
export interface MembershipLoader {
  load(conversationId: number): Promise<RecipientRow | null>;
}

/**
 * What resolvers load through: the shared rows, plus the viewer's own memberships. A
 * subscription gets a new one per event (read positions and counts move between events).
 */
export class Loaders {
  readonly membership: MembershipLoader;

  constructor(
    readonly rows: RowSet,
    viewerId: number | null,
  ) {
    this.membership = {
      load: (conversationId) =>
        viewerId === null ? Promise.resolve(null) : rows.membership(viewerId, conversationId),
    };
  }

  get user() {
    return this.rows.user;
  }

  get conversation() {
    return this.rows.conversation;
  }

  get message() {
    return this.rows.message;
  }

  get broadcast() {
    return this.rows.broadcast;
  }

  get receipt() {
    return this.rows.receipt;
  }

  get online() {
    return this.rows.online;
  }
}

const rowsOfBatches = new WeakMap<object, RowSet>();

/**
 * The rows of inbox events that came together (one doorbell, or one replay page): loaded
 * once for every recipient on this instance, and gone with the batch.
 */
export function rowsOfBatch(deps: ChatDeps, batch: object): RowSet {
  let rows = rowsOfBatches.get(batch);
  if (!rows) {
    rows = new RowSet(deps);
    rowsOfBatches.set(batch, rows);
  }
  return rows;
}

/**
 * Loads the messages a replay page refers to, and their senders, one query each: the page's
 * events then execute one after another without waiting on the database.
 */
export async function prefetchReplayPage(deps: ChatDeps, items: InboxItem[]): Promise<void> {
  const rows = rowsOfBatch(deps, items);
  await rows.message.loadMany(items.flatMap((item) => item.messageId ?? []));
  await rows.user.loadMany(
    items.flatMap((item) => {
      const message = item.messageId === null ? null : rows.message.peek(item.messageId);
      return message?.senderId ?? [];
    }),
  );
}

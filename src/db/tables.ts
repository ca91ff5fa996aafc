import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  boolean,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';

// Column names are snake_case in SQL (drizzle `casing: 'snake_case'`), camelCase here.
const id = () => bigint({ mode: 'number' });
const at = () => timestamp({ withTimezone: true, mode: 'date' });

export const users = pgTable(
  'users',
  {
    id: bigserial({ mode: 'number' }).primaryKey(),
    username: text().notNull(),
    displayName: text().notNull(),
    passwordHash: text().notNull(),
    role: text({ enum: ['USER', 'ADMIN'] })
      .notNull()
      .default('USER'),
    createdAt: at().notNull().defaultNow(),
    lastSeenAt: at(),
    /** Set by the user (setStatus); kept across reconnects. DO_NOT_DISTURB silences notify. */
    status: text({ enum: ['AVAILABLE', 'AWAY', 'BUSY', 'DO_NOT_DISTURB'] })
      .notNull()
      .default('AVAILABLE'),
    statusText: text(),
    /**
     * Our tokens carry the generation they were issued in; logOutEverywhere, changePassword
     * and forceLogOut bump it, so every earlier token stops working (src/chat/sessions.ts).
     */
    sessionGeneration: integer().notNull().default(0),
    /** Until when the user may not log in, send or subscribe; null when not suspended. */
    suspendedUntil: at(),
  },
  (t) => [
    uniqueIndex('users_username_lower_key').on(sql`lower(${t.username})`),
    // The few who silenced everything: a send lists them among its quiet recipients
    // (chat_send_message, drizzle/0013) without reading every member's user row.
    index('users_do_not_disturb_idx').on(t.id).where(sql`${t.status} = 'DO_NOT_DISTURB'`),
  ],
);

/** Single tokens ended before their expiry (logOut); kept until they would have expired. */
export const revokedTokens = pgTable(
  'revoked_tokens',
  {
    /** The token's `jti` (ours) or a hash of it (an identity provider's). */
    tokenId: text().primaryKey(),
    userId: id()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    expiresAt: at().notNull(),
  },
  (t) => [index('revoked_tokens_user_idx').on(t.userId)],
);

/**
 * A user's event log counter. Kept apart from `users` so the hot row that every event
 * locks is narrow and a profile read never waits on it.
 */
export const inboxCounters = pgTable('inbox_counters', {
  userId: id()
    .primaryKey()
    .references(() => users.id, { onDelete: 'cascade' }),
  /** The last sequence number handed out in this user's inbox. */
  lastSeq: id().notNull().default(0),
  /** Everything up to here was written to a live subscription (the offline inbox starts after it). */
  deliveredSeq: id().notNull().default(0),
  /** Every event up to here was deleted by retention; an older cursor gets a ResyncEvent. */
  prunedSeq: id().notNull().default(0),
});

export const conversations = pgTable(
  'conversations',
  {
    id: bigserial({ mode: 'number' }).primaryKey(),
    kind: text({ enum: ['DIRECT', 'ROOM'] }).notNull(),
    title: text(),
    description: text(),
    isPrivate: boolean().notNull().default(false),
    maxMembers: integer(),
    ownerId: id().references(() => users.id),
    /** `lowId:highId` for DIRECT conversations: one per pair, enforced by the unique index. */
    directKey: text(),
    memberCount: integer().notNull().default(0),
    /** The last message sequence number; messages are numbered 1.. under this row's lock. */
    lastSeq: id().notNull().default(0),
    lastMessageId: id(),
    /**
     * The highest sequence number of a recalled message (0: none): a member whose read
     * position is at or past it has no tombstone to skip in their unread count.
     */
    lastRecalledSeq: id().notNull().default(0),
    lastActivityAt: at().notNull().defaultNow(),
    createdAt: at().notNull().defaultNow(),
    archivedAt: at(),
  },
  (t) => [
    uniqueIndex('conversations_direct_key_key').on(t.directKey),
    index('conversations_activity_idx').on(t.lastActivityAt.desc(), t.id.desc()),
    index('conversations_owner_idx').on(t.ownerId),
  ],
);

export const members = pgTable(
  'members',
  {
    conversationId: id()
      .notNull()
      .references(() => conversations.id, { onDelete: 'cascade' }),
    userId: id()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    /** Sequence number of the last message this member has read. */
    readSeq: id().notNull().default(0),
    /**
     * Sequence number of the last message written to a live subscription of this member's
     * (moved with the inbox's batched delivered positions: src/chat/inbox/storage.ts).
     */
    deliveredSeq: id().notNull().default(0),
    joinedAt: at().notNull().defaultNow(),
    /** Muted until then (muteConversation): its messages do not notify this member. */
    mutedUntil: at(),
  },
  (t) => [
    primaryKey({ columns: [t.conversationId, t.userId] }),
    index('members_user_idx').on(t.userId, t.conversationId),
    // Mutes only (few): a send lists the muted among its quiet recipients.
    index('members_muted_idx')
      .on(t.conversationId, t.userId)
      .where(sql`${t.mutedUntil} is not null`),
  ],
);

export interface AttachmentData {
  /** An uploaded file (`attachments.id`); absent for an external URL. */
  id?: number;
  /** An external URL; absent for an uploaded file (its URL is signed per viewer). */
  url?: string;
  name?: string | null;
  mimeType?: string | null;
  size?: number | null;
  width?: number | null;
  height?: number | null;
}

/** An earlier version of an edited message. */
export interface MessageEditData {
  body: string;
  /** When this version was replaced by the next one (ISO-8601). */
  editedAt: string;
}

/** A part of a message's body that means something (offsets in UTF-16 code units). */
export interface TextEntityData {
  kind: 'BOLD' | 'ITALIC' | 'STRIKE' | 'CODE' | 'PRE' | 'LINK' | 'MENTION';
  offset: number;
  length: number;
  /** LINK */
  url?: string;
  /** MENTION: a member when the message was written. */
  userId?: number;
}

export const messages = pgTable(
  'messages',
  {
    id: bigserial({ mode: 'number' }).primaryKey(),
    conversationId: id()
      .notNull()
      .references(() => conversations.id, { onDelete: 'cascade' }),
    seq: id().notNull(),
    senderId: id().references(() => users.id),
    kind: text({ enum: ['TEXT', 'IMAGE', 'FILE', 'AUDIO', 'SYSTEM'] }).notNull(),
    body: text().notNull(),
    attachment: jsonb().$type<AttachmentData>(),
    replyToId: id(),
    clientId: text(),
    createdAt: at().notNull(),
    /** When the body was last edited; null when never. */
    editedAt: at(),
    /** Earlier versions, oldest first; null when never edited. */
    edits: jsonb().$type<MessageEditData[]>(),
    /** When it was recalled: its body, attachment and edits were erased then. */
    deletedAt: at(),
    /** The message this one is a copy of (a forward). */
    forwardOfId: id(),
    format: text({ enum: ['PLAIN', 'MARKDOWN'] })
      .notNull()
      .default('PLAIN'),
    /** Parsed by the server when written; null when none. */
    entities: jsonb().$type<TextEntityData[]>(),
  },
  (t) => [
    uniqueIndex('messages_conversation_seq_key').on(t.conversationId, t.seq),
    index('messages_conversation_created_idx').on(t.conversationId, t.createdAt),
    uniqueIndex('messages_sender_client_id_key')
      .on(t.senderId, t.clientId)
      .where(sql`${t.clientId} is not null`),
    index('messages_sender_idx').on(t.senderId),
    index('messages_reply_to_idx').on(t.replyToId),
    // Tombstones only (few): unread counts skip those after a read position.
    index('messages_recalled_idx')
      .on(t.conversationId, t.seq)
      .where(sql`${t.deletedAt} is not null`),
    // Search (src/chat/messages/search.ts): words of Latin scripts by full-text search
    // ('simple': every word, any case, no stemming), Chinese and other fragments by
    // trigrams (pg_trgm, created in drizzle/0011). Recalled messages have an empty body.
    index('messages_body_fts_idx').using('gin', sql`to_tsvector('simple', ${t.body})`),
    index('messages_body_trgm_idx').using('gin', sql`${t.body} gin_trgm_ops`),
    // Chinese, Japanese, Korean and Thai by pairs of neighbouring characters
    // (src/chat/messages/unspaced-grams.ts; the function is created in drizzle/0012).
    // drizzle/0012 also sets statistics of 1,000 on this index and messages_body_fts_idx
    // (rare words estimated as rare): a migration that recreates either must set it again.
    index('messages_body_grams_idx').using(
      'gin',
      sql`array_to_tsvector(unspaced_script_grams(${t.body}))`,
    ),
    // Retention (src/chat/messages/retention.ts) reads the oldest messages; rows arrive in
    // time order, so a BRIN index costs a send next to nothing.
    index('messages_created_brin_idx').using('brin', t.createdAt),
    // Which conversations an uploaded file was sent to (serving it checks the viewer is in one).
    index('messages_attachment_idx')
      .on(sql`((${t.attachment}->>'id')::bigint)`)
      .where(sql`${t.attachment}->>'id' is not null`),
  ],
);

/** An uploaded file: its bytes are in the file store under `storageKey`. */
export const attachments = pgTable(
  'attachments',
  {
    id: bigserial({ mode: 'number' }).primaryKey(),
    uploaderId: id()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    storageKey: text().notNull(),
    name: text().notNull(),
    /** Detected from the content, never from the name or the client's header. */
    mimeType: text().notNull(),
    size: bigint({ mode: 'number' }).notNull(),
    width: integer(),
    height: integer(),
    createdAt: at().notNull().defaultNow(),
  },
  (t) => [index('attachments_uploader_idx').on(t.uploaderId, t.createdAt)],
);

export const broadcasts = pgTable('broadcasts', {
  id: bigserial({ mode: 'number' }).primaryKey(),
  fromId: id().references(() => users.id),
  /** The announcement; empty for a command. */
  body: text().notNull(),
  /** A SystemCommandEvent's command; null for a broadcast. */
  command: text(),
  /** A command's payload (any JSON, bounded by the JSON scalar). */
  payload: jsonb(),
  createdAt: at().notNull().defaultNow(),
});

/**
 * Every event for a user, numbered per user in commit order (the counter row in
 * `inbox_counters` is locked by the transaction that writes the event).
 */
export const inboxEvents = pgTable(
  'inbox_events',
  {
    // No foreign key: its check ran a query per inserted event (per recipient of every
    // message), a quarter of PostgreSQL's time per send in a room. Every writer takes `seq`
    // from the user's inbox_counters row in the same statement, so an event without its
    // counter cannot be written; deleting a counter (a user: users -> inbox_counters
    // cascades) deletes its events by the trigger in drizzle/0004.
    userId: id().notNull(),
    seq: id().notNull(),
    kind: text({
      enum: [
        'MESSAGE',
        'MESSAGE_EDITED',
        'MESSAGE_DELETED',
        'READ',
        'DELIVERED',
        'MEMBERSHIP',
        'BROADCAST',
        'ROOM_DELETED',
        'SYSTEM_COMMAND',
      ],
    }).notNull(),
    conversationId: id(),
    messageId: id(),
    /** The reader (READ), the recipient (DELIVERED), the member who joined or left (MEMBERSHIP), the editor (MESSAGE_EDITED), who recalled (MESSAGE_DELETED). */
    actorId: id(),
    joined: boolean(),
    broadcastId: id(),
    createdAt: at().notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.userId, t.seq] }),
    // BRIN: rows arrive in time order, so a tiny index serves time ranges; a B-tree here
    // cost one more index entry per event per recipient. Retention reads by user.
    index('inbox_events_created_idx').using('brin', t.createdAt),
  ],
);

/**
 * A `sendToMany` with a clientId: the messages it sent, so the same sender and clientId give
 * them back instead of sending again.
 */
export const messageBatches = pgTable(
  'message_batches',
  {
    senderId: id()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    clientId: text().notNull(),
    /** The users addressed, in the order asked. */
    toUserIds: id().array().notNull(),
    /** The message sent to each of them, in the same order. */
    messageIds: id().array().notNull(),
    createdAt: at().notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.senderId, t.clientId] })],
);

/** Small key/value settings shared by every instance (the generated JWT secret). */
export const settings = pgTable('settings', {
  key: text().primaryKey(),
  value: text().notNull(),
});

/**
 * Statistics per UTC day, rolled up from `messages` and `users` in the background
 * (src/chat/stats.ts): the send path writes nothing for them.
 */
export const statsDays = pgTable('stats_days', {
  day: date({ mode: 'string' }).primaryKey(),
  messages: bigint({ mode: 'number' }).notNull().default(0),
  /** Rows of stats_active that day (kept here so a range reads one row per day). */
  activeUsers: bigint({ mode: 'number' }).notNull().default(0),
  newUsers: bigint({ mode: 'number' }).notNull().default(0),
});

/** Who sent a message on a UTC day (rolled up like stats_days). */
export const statsActive = pgTable(
  'stats_active',
  {
    day: date({ mode: 'string' }).notNull(),
    userId: id().notNull(),
  },
  (t) => [primaryKey({ columns: [t.day, t.userId] })],
);

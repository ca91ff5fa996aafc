/** Where one event landed: `userId`'s inbox at `seq`. */
export interface InboxBell {
  userId: number;
  seq: number;
}

/**
 * One stored event and every inbox it landed in: ids and numbers only, never rows (JSON
 * over Redis turns Dates into strings). A listener whose next expected sequence is here
 * can emit it without reading the database; anyone else reads the gap from the database.
 */
export interface InboxDoorbell {
  kind:
    | 'MESSAGE'
    | 'MESSAGE_EDITED'
    | 'MESSAGE_DELETED'
    | 'READ'
    | 'DELIVERED'
    | 'MEMBERSHIP'
    | 'BROADCAST'
    | 'ROOM_DELETED'
    | 'SYSTEM_COMMAND';
  conversationId: number | null;
  messageId: number | null;
  actorId: number | null;
  joined: boolean | null;
  broadcastId: number | null;
  /** Epoch milliseconds. */
  at: number;
  /** Flattened pairs: userId, seq, userId, seq... */
  to: number[];
  /**
   * A new message's recipients it must not alert (MessageEvent.notify false), worked out when
   * it was sent; absent when not known (each recipient's membership is read then).
   */
  quiet?: number[];
}

export interface PresenceChange {
  userId: number;
  online: boolean;
  /** Epoch milliseconds. */
  at: number;
  /** Set when the change is a new status (setStatus); absent for online/offline changes. */
  status?: UserStatus;
  /** With `status`: the text set with it, or null. */
  statusText?: string | null;
}

export type UserStatus = 'AVAILABLE' | 'AWAY' | 'BUSY' | 'DO_NOT_DISTURB';

/**
 * A member started or stopped typing in a conversation. Never stored: a subscriber that
 * was not listening misses it, as a person glancing away would.
 */
export interface TypingChange {
  conversationId: number;
  userId: number;
  typing: boolean;
  /** Epoch milliseconds. */
  at: number;
}

/** A user's sessions changed (logged out, password changed, suspended): re-check their tokens. */
export interface SessionChange {
  userId: number;
}

/** Every topic and its payload. */
export interface Topics {
  inbox: InboxDoorbell;
  presence: PresenceChange;
  typing: TypingChange;
  sessions: SessionChange;
}

export type Listener<K extends keyof Topics> = (payload: Topics[K]) => void;

/**
 * Pub/sub between instances. Each instance subscribes once per topic and fans out in
 * process, so a new listener never waits on Redis and one publish serves every recipient.
 * Delivery is best effort: the database is the truth, this only rings the bell sooner.
 */
export interface PubSub {
  readonly kind: 'redis' | 'memory';
  /** Never rejects: a lost publish is logged and made good by the inbox catch-up. */
  publish<K extends keyof Topics>(topic: K, payload: Topics[K]): Promise<void>;
  /** Adds a listener; returns its removal. */
  on<K extends keyof Topics>(topic: K, listener: Listener<K>): () => void;
  /** Called after the transport reconnects, when publishes may have been lost. */
  onReconnect(listener: () => void): () => void;
  ping(): Promise<void>;
  close(): Promise<void>;
}

import { type ResumableInbox, resumableInbox } from '../../examples/resumable-inbox';
import { type Api, ApiError, connectApi, type SocketState } from './api';
import {
  ConversationById,
  Conversations,
  CreateRoom,
  DeleteMessage,
  EditMessage,
  History,
  Inbox,
  InviteToRoom,
  JoinRoom,
  LeaveRoom,
  MarkRead,
  People,
  Presence,
  Send,
} from './documents';
import type {
  ConversationFieldsFragment,
  InboxSubscription,
  MessageFieldsFragment,
  UserFieldsFragment,
} from './gql/graphql';

export type User = UserFieldsFragment;
export type Message = MessageFieldsFragment;
export type Conversation = ConversationFieldsFragment;
type InboxEvent = InboxSubscription['inbox'];

/** A message on its way: shown at once, retried with the same clientId (never doubled). */
export interface Pending {
  clientId: string;
  body: string;
  replyToId: string | undefined;
  failed: string | null;
}

export interface Timeline {
  items: Message[];
  hasOlder: boolean;
  olderCursor: string | null;
  /** The newest page is in: live messages are added from then on. */
  loaded: boolean;
  loading: boolean;
  pending: Pending[];
}

export interface Broadcast {
  cursor: string;
  body: string;
  from: string | null;
  at: string;
}

/** What the chat pane shows: a conversation, or a person with no DIRECT conversation yet. */
export type Open = { conversationId: string } | { userId: string } | null;

const cursorKey = (userId: string) => `chat.inboxCursor.${userId}`;

/**
 * The signed-in app's state, kept current by the inbox subscription (resumed after the last
 * cursor on every reconnect) and the presence subscription. Components read it and call its
 * actions; `listen` tells them when it changed.
 */
export class Chat {
  readonly api: Api;
  socketState: SocketState = 'connecting';
  conversations = new Map<string, Conversation>();
  people = new Map<string, User>();
  histories = new Map<string, Timeline>();
  broadcasts: Broadcast[] = [];
  open: Open = null;
  private inbox: ResumableInbox | undefined;
  private presence: { unsubscribe(): void } | undefined;
  private listeners = new Set<() => void>();

  constructor(
    readonly me: User,
    token: string,
    onSignInRequired: () => void,
  ) {
    this.api = connectApi({
      token,
      onSocketState: (state) => {
        this.socketState = state;
        // Back after a gap: the inbox resumes by itself; presence may have moved meanwhile.
        if (state === 'connected' && this.people.size > 0) void this.loadPeople();
        this.changed();
      },
      onSignInRequired,
    });
  }

  listen(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private changed() {
    for (const listener of this.listeners) listener();
  }

  async start() {
    const loaded = Promise.all([this.loadConversations(), this.loadPeople()]);
    // Subscribed even when a query failed: the live parts keep working.
    await loaded.catch(() => {});
    const saved = localStorage.getItem(cursorKey(this.me.id)) ?? undefined;
    this.inbox = resumableInbox<InboxEvent>({
      socket: this.api.socket,
      after: saved,
      subscribe: (variables, sink) => {
        let failed = false;
        const s = this.api.urql.subscription(Inbox, variables).subscribe(({ data, error }) => {
          if (error) {
            if (!failed) sink.error(error);
            failed = true;
          } else if (data) sink.next(data.inbox);
        });
        return () => s.unsubscribe();
      },
      onEvent: (event) => {
        this.handle(event);
        localStorage.setItem(cursorKey(this.me.id), event.cursor);
      },
      onError: (error) => {
        // A saved cursor the server does not know (another database): start from the offline inbox.
        console.error('inbox', error);
        localStorage.removeItem(cursorKey(this.me.id));
      },
    });
    this.presence = this.api.urql.subscription(Presence, {}).subscribe(({ data }) => {
      if (!data) return;
      const { user } = data.presence;
      this.people.set(user.id, user);
      this.changed();
    });
    await loaded;
  }

  stop() {
    this.inbox?.stop();
    this.presence?.unsubscribe();
    this.api.close();
  }

  // ---- loading -------------------------------------------------------------------------

  async loadConversations() {
    const data = await this.api.query(Conversations, {});
    this.conversations = new Map(data.conversations.edges.map(({ node }) => [node.id, node]));
    this.changed();
  }

  async loadPeople() {
    const data = await this.api.query(People, { presence: 'ALL' });
    this.people = new Map(data.users.edges.map(({ node }) => [node.id, node]));
    this.changed();
  }

  private refreshing = new Map<string, { again: boolean }>();

  /**
   * Asks the server for one conversation (a new one, or its members changed). Events during
   * the request ask again once it is back; an answer older than what the inbox has shown since
   * does not undo it.
   */
  private async refreshConversation(id: string): Promise<void> {
    const running = this.refreshing.get(id);
    if (running) {
      running.again = true;
      return;
    }
    const state = { again: false };
    this.refreshing.set(id, state);
    try {
      const { conversation } = await this.api.query(ConversationById, { id });
      const known = this.conversations.get(id);
      if (!conversation) this.conversations.delete(id);
      else if (!known || conversation.lastActivityAt >= known.lastActivityAt)
        this.conversations.set(id, conversation);
      else
        this.conversations.set(id, {
          ...conversation,
          lastActivityAt: known.lastActivityAt,
          lastMessage: known.lastMessage,
          unreadCount: known.unreadCount,
        });
      this.changed();
    } finally {
      this.refreshing.delete(id);
    }
    if (state.again) await this.refreshConversation(id);
  }

  /** Conversations, latest activity first. */
  sortedConversations(): Conversation[] {
    return [...this.conversations.values()].sort((a, b) =>
      b.lastActivityAt.localeCompare(a.lastActivityAt),
    );
  }

  /** The other person of a DIRECT conversation (yourself in a chat with yourself). */
  peer(conversation: Conversation): User | undefined {
    const members = conversation.members.edges.map(({ node }) => node);
    const other = members.find((m) => m.id !== this.me.id) ?? members[0];
    return other && (this.people.get(other.id) ?? other);
  }

  titleOf(conversation: Conversation): string {
    if (conversation.kind === 'DIRECT') return this.peer(conversation)?.displayName ?? 'Direct';
    return conversation.title ?? 'Room';
  }

  directWith(userId: string): Conversation | undefined {
    for (const c of this.conversations.values()) {
      if (c.kind === 'DIRECT' && this.peer(c)?.id === userId) return c;
    }
    return undefined;
  }

  history(conversationId: string): Timeline {
    let history = this.histories.get(conversationId);
    if (!history) {
      history = {
        items: [],
        hasOlder: true,
        olderCursor: null,
        loaded: false,
        loading: false,
        pending: [],
      };
      this.histories.set(conversationId, history);
    }
    return history;
  }

  /** The newest page, or the page before the oldest one loaded. */
  async loadHistory(conversationId: string, older: boolean) {
    const history = this.history(conversationId);
    if (history.loading || (older && !history.hasOlder)) return;
    history.loading = true;
    this.changed();
    try {
      const before = older ? history.olderCursor : null;
      const { messages } = await this.api.query(History, { conversationId, before });
      const page = messages.edges.map(({ node }) => node);
      history.items = older ? [...page, ...history.items] : merge(history.items, page);
      if (older || !history.loaded) {
        history.olderCursor = messages.pageInfo.startCursor ?? null;
        history.hasOlder = messages.pageInfo.hasPreviousPage;
      }
      history.loaded = true;
    } finally {
      history.loading = false;
      this.changed();
    }
  }

  // ---- opening and reading ------------------------------------------------------------

  openConversation(conversationId: string) {
    this.open = { conversationId };
    this.changed();
    if (!this.history(conversationId).loaded) void this.loadHistory(conversationId, false);
    void this.markRead(conversationId);
  }

  /** A person: their DIRECT conversation, or an empty one made by the first message. */
  openPerson(userId: string) {
    const existing = this.directWith(userId);
    if (existing) this.openConversation(existing.id);
    else {
      this.open = { userId };
      this.changed();
    }
  }

  close() {
    this.open = null;
    this.changed();
  }

  openConversationId(): string | null {
    return this.open && 'conversationId' in this.open ? this.open.conversationId : null;
  }

  async markRead(conversationId: string) {
    const conversation = this.conversations.get(conversationId);
    if (!conversation || conversation.unreadCount === 0 || document.hidden) return;
    const { markRead } = await this.api.mutate(MarkRead, { conversationId });
    conversation.unreadCount = markRead.unreadCount;
    this.changed();
  }

  unreadTotal(): number {
    let total = 0;
    for (const c of this.conversations.values()) total += c.unreadCount;
    return total;
  }

  // ---- sending ------------------------------------------------------------------------

  /** Sends to the open conversation (or person); a failure stays listed with a retry. */
  async send(body: string, replyToId?: string) {
    const open = this.open;
    if (!open) return;
    const key = 'conversationId' in open ? open.conversationId : `user:${open.userId}`;
    const pending: Pending = { clientId: crypto.randomUUID(), body, replyToId, failed: null };
    this.history(key).pending.push(pending);
    await this.deliver(key, pending);
  }

  async retry(key: string, pending: Pending) {
    pending.failed = null;
    await this.deliver(key, pending);
  }

  private async deliver(key: string, pending: Pending) {
    this.changed();
    const target = key.startsWith('user:')
      ? { toUserId: key.slice(5) }
      : { conversationId: key, replyToId: pending.replyToId };
    try {
      const { send } = await this.api.mutate(Send, {
        input: { ...target, body: pending.body, format: 'MARKDOWN', clientId: pending.clientId },
      });
      const history = this.history(key);
      history.pending = history.pending.filter((p) => p !== pending);
      await this.received(send);
      if (key.startsWith('user:')) {
        // The first message made the DIRECT conversation: show it in its place.
        this.histories.delete(key);
        this.openConversation(send.conversation.id);
      }
    } catch (error) {
      pending.failed = error instanceof Error ? error.message : 'Not sent';
    }
    this.changed();
  }

  async edit(id: string, body: string) {
    const { editMessage } = await this.api.mutate(EditMessage, { id, body });
    this.replace(editMessage);
  }

  async recall(id: string) {
    const { deleteMessage } = await this.api.mutate(DeleteMessage, { id });
    this.replace(deleteMessage);
  }

  async forward(messageId: string, conversationId: string) {
    const { send } = await this.api.mutate(Send, {
      input: { conversationId, forwardOfId: messageId, body: '', clientId: crypto.randomUUID() },
    });
    await this.received(send);
  }

  // ---- rooms --------------------------------------------------------------------------

  async createRoom(title: string, isPrivate: boolean, maxMembers: number | null) {
    const { createRoom } = await this.api.mutate(CreateRoom, { title, isPrivate, maxMembers });
    this.conversations.set(createRoom.id, createRoom);
    this.openConversation(createRoom.id);
  }

  async joinRoom(roomId: string) {
    const { joinRoom } = await this.api.mutate(JoinRoom, { roomId });
    this.conversations.set(joinRoom.id, joinRoom);
    this.openConversation(joinRoom.id);
  }

  async leaveRoom(roomId: string) {
    await this.api.mutate(LeaveRoom, { roomId });
    this.conversations.delete(roomId);
    this.histories.delete(roomId);
    if (this.openConversationId() === roomId) this.open = null;
    this.changed();
  }

  async invite(roomId: string, userId: string) {
    await this.api.mutate(InviteToRoom, { roomId, userId });
    await this.refreshConversation(roomId);
  }

  // ---- the inbox ----------------------------------------------------------------------

  private handle(event: InboxEvent) {
    switch (event.__typename) {
      case 'MessageEvent':
        void this.received(event.message, true);
        break;
      case 'MessageEditedEvent':
      case 'MessageDeletedEvent':
        this.replace(event.message);
        break;
      case 'ReadEvent': {
        const conversation = this.conversations.get(event.conversation.id);
        if (conversation && event.reader.id === this.me.id) {
          // Read on any device of mine: the badge follows.
          conversation.unreadCount = event.conversation.unreadCount;
          this.changed();
        }
        break;
      }
      case 'MembershipEvent':
        if (event.user.id === this.me.id && !event.joined) {
          this.conversations.delete(event.conversation.id);
          this.changed();
        } else void this.refreshConversation(event.conversation.id);
        break;
      case 'BroadcastEvent':
        this.broadcasts = [
          ...this.broadcasts,
          {
            cursor: event.cursor,
            body: event.body,
            from: event.from?.displayName ?? null,
            at: event.at,
          },
        ];
        this.changed();
        break;
      case 'ResyncEvent':
        // Events were dropped for us: start over from the server's state.
        this.histories.clear();
        void this.loadConversations();
        {
          const open = this.openConversationId();
          if (open) void this.loadHistory(open, false);
        }
        break;
    }
  }

  /** A message arrived (from the inbox, or as the answer to our send). */
  private async received(message: Message, fromInbox = false) {
    const id = message.conversation.id;
    const conversation = this.conversations.get(id);
    const history = this.histories.get(id);
    const isNew = !history?.items.some((m) => m.id === message.id);
    if (history?.loaded && isNew) history.items = merge(history.items, [message]);
    if (!conversation) {
      await this.refreshConversation(id);
      return;
    }
    // Already counted when the conversation was loaded after it (a replayed inbox event).
    const newer = message.createdAt > conversation.lastActivityAt;
    if (!newer) {
      this.changed();
      return;
    }
    conversation.lastActivityAt = message.createdAt;
    conversation.lastMessage = message;
    const mine = message.sender?.id === this.me.id;
    if (fromInbox && !mine) {
      if (this.openConversationId() === id && !document.hidden) {
        conversation.unreadCount += 1;
        void this.markRead(id);
      } else conversation.unreadCount += 1;
    }
    this.changed();
  }

  private replace(message: Message) {
    const history = this.histories.get(message.conversation.id);
    if (history) history.items = history.items.map((m) => (m.id === message.id ? message : m));
    const conversation = this.conversations.get(message.conversation.id);
    if (conversation?.lastMessage?.id === message.id) conversation.lastMessage = message;
    this.changed();
  }
}

/** Messages by id, oldest first, newer copies winning. */
function merge(items: Message[], more: Message[]): Message[] {
  const byId = new Map(items.map((m) => [m.id, m]));
  for (const m of more) byId.set(m.id, m);
  return [...byId.values()].sort((a, b) => a.createdAt.localeCompare(b.createdAt));
}

export const messageOf = (error: unknown) =>
  error instanceof ApiError || error instanceof Error ? error.message : String(error);

import { type ResumableInbox, resumableInbox } from '../../examples/resumable-inbox';
import { type Api, ApiError, connectApi, type SocketState } from './api';
import {
  ConversationById,
  Conversations,
  CreateRoom,
  DeleteMessage,
  DeleteRoom,
  EditMessage,
  History,
  Inbox,
  InviteToRoom,
  JoinRoom,
  LeaveRoom,
  LogOut,
  MarkRead,
  MuteConversation,
  People,
  Presence,
  SearchMessages,
  Send,
  SetStatus,
  SetTyping,
  Typing,
  UpdateRoom,
  UploadAttachment,
} from './documents';
import type {
  ConversationFieldsFragment,
  InboxSubscription,
  MessageFieldsFragment,
  UploadAttachmentMutation,
  UserFieldsFragment,
  UserStatus,
} from './gql/graphql';

export type User = UserFieldsFragment;
export type Message = MessageFieldsFragment;
export type Conversation = ConversationFieldsFragment;
type InboxEvent = InboxSubscription['inbox'];
/** A file stored by uploadAttachment, to send as SendInput.attachmentId. */
export type Uploaded = UploadAttachmentMutation['uploadAttachment'];

/** A message on its way: shown at once, retried with the same clientId (never doubled). */
export interface Pending {
  clientId: string;
  body: string;
  replyToId: string | undefined;
  /** Already uploaded: a retry sends the same file again, without uploading it again. */
  attachment: Uploaded | undefined;
  failed: string | null;
}

/** The server's INLINE_IMAGE_TYPES: what an IMAGE message may carry (anything else is a FILE). */
const INLINE_IMAGE_TYPES = new Set([
  'image/png',
  'image/jpeg',
  'image/gif',
  'image/webp',
  'image/avif',
  'image/bmp',
]);

/** A message the inbox (or a send's answer) brought while its conversation was asked for. */
interface Arrived {
  message: Message;
  fromInbox: boolean;
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

/** Who is typing where: conversation id -> user id -> display name. */
export type TypingMap = Map<string, Map<string, string>>;

/** A search hit: the message and where the words of the query are in its body. */
export interface Hit {
  message: Message;
  highlights: { offset: number; length: number }[];
}

/** How far one of my DIRECT messages got. */
export type Tick = 'sent' | 'delivered' | 'read';

/** Sends setTyping(true) at most this often while composing (the server drops repeats within 2 s). */
const TYPING_EVERY_MS = 3000;

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
  typing: TypingMap = new Map();
  /** DIRECT conversation id -> createdAt of the newest of my messages the other got / read. */
  deliveredUpTo = new Map<string, string>();
  readUpTo = new Map<string, string>();
  private typingSent = new Map<string, number>();
  private typingSub: { unsubscribe(): void } | undefined;
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
        // A stop may have been missed while away: typing shows again when they refresh it.
        if (state !== 'connected') this.typing.clear();
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
    // The cursor is read before the conversations: another tab of mine may move it on while
    // they load, past messages they were read without. Replayed events the counts already
    // have are skipped (countIn).
    const saved = localStorage.getItem(cursorKey(this.me.id)) ?? undefined;
    const loaded = Promise.all([this.loadConversations(), this.loadPeople()]);
    // Subscribed even when a query failed: the live parts keep working.
    await loaded.catch(() => {});
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
    this.typingSub = this.api.urql.subscription(Typing, {}).subscribe(({ data }) => {
      if (!data) return;
      const { conversation, user, typing } = data.typing;
      if (user.id === this.me.id) return;
      this.setTypingOf(conversation.id, user.id, typing ? user.displayName : null);
    });
    await loaded;
  }

  private setTypingOf(conversationId: string, userId: string, name: string | null) {
    let where = this.typing.get(conversationId);
    if (!where) {
      if (name === null) return;
      where = new Map();
      this.typing.set(conversationId, where);
    }
    if (name === null) {
      if (!where.delete(userId)) return;
      if (where.size === 0) this.typing.delete(conversationId);
    } else where.set(userId, name);
    this.changed();
  }

  /** Display names of those typing in a conversation now. */
  typingIn(conversationId: string): string[] {
    return [...(this.typing.get(conversationId)?.values() ?? [])];
  }

  /** Tells the others I am composing (throttled) or stopped. */
  composing(conversationId: string, typing: boolean) {
    const now = Date.now();
    const last = this.typingSent.get(conversationId);
    if (typing) {
      if (last !== undefined && now - last < TYPING_EVERY_MS) return;
      this.typingSent.set(conversationId, now);
    } else {
      if (last === undefined) return;
      this.typingSent.delete(conversationId);
    }
    this.api.mutate(SetTyping, { conversationId, typing }).catch(() => {});
  }

  /** sent / delivered / read for my message in a DIRECT conversation; null elsewhere. */
  tickOf(message: Message): Tick | null {
    if (message.sender?.id !== this.me.id) return null;
    const conversation = this.conversations.get(message.conversation.id);
    if (conversation?.kind !== 'DIRECT') return null;
    const id = conversation.id;
    const read = this.readUpTo.get(id);
    if ((message.receipt?.read ?? 0) > 0 || (read && message.createdAt <= read)) return 'read';
    const delivered = this.deliveredUpTo.get(id);
    if ((message.receipt?.delivered ?? 0) > 0 || (delivered && message.createdAt <= delivered))
      return 'delivered';
    return 'sent';
  }

  private moveUp(map: Map<string, string>, conversationId: string, createdAt: string) {
    const known = map.get(conversationId);
    if (!known || createdAt > known) map.set(conversationId, createdAt);
    this.changed();
  }

  stop() {
    this.inbox?.stop();
    this.presence?.unsubscribe();
    this.typingSub?.unsubscribe();
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

  /** Conversations being asked for, with the messages the inbox brought meanwhile. */
  private refreshing = new Map<string, { again: boolean; arrived: Arrived[] }>();

  /**
   * Asks the server for one conversation (a new one, its members changed, or its unread count
   * in doubt). The answer may have been read before a message whose event came while it was
   * on its way: those messages are counted on top of it unless it has them. Other events
   * meanwhile (a membership, a read) ask again once it is back.
   */
  private async refreshConversation(id: string): Promise<void> {
    const running = this.refreshing.get(id);
    if (running) {
      running.again = true;
      return;
    }
    const state = { again: false, arrived: [] as Arrived[] };
    this.refreshing.set(id, state);
    try {
      const { conversation } = await this.api.query(ConversationById, { id });
      if (!conversation) this.conversations.delete(id);
      else {
        this.conversations.set(id, conversation);
        for (const { message, fromInbox } of state.arrived)
          this.countIn(conversation, message, fromInbox);
        if (this.openConversationId() === id) void this.markRead(id);
      }
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

  /** Where the open chat's messages go: a conversation id, or `user:<id>` for a new DIRECT one. */
  private openKey(): string | null {
    const open = this.open;
    if (!open) return null;
    return 'conversationId' in open ? open.conversationId : `user:${open.userId}`;
  }

  /** Sends to the open conversation (or person); a failure stays listed with a retry. */
  async send(body: string, replyToId?: string) {
    const key = this.openKey();
    if (key) await this.queue(key, body, replyToId, undefined);
  }

  /**
   * Uploads a file (a multipart request), then sends it with `body` (its name when empty) to
   * the chat that was open when asked. Resolves once uploaded: the message then goes as any
   * other (pending, Retry when it failed). A refused upload (too large, RATE_LIMITED) throws
   * and sends nothing, so the composer keeps what was in it.
   */
  async sendFile(file: File, body: string, replyToId?: string) {
    const key = this.openKey();
    if (!key) return;
    const { uploadAttachment } = await this.api.mutate(UploadAttachment, { file });
    const text = body.trim() ? body : (uploadAttachment.name ?? file.name);
    void this.queue(key, text, replyToId, uploadAttachment);
  }

  private async queue(
    key: string,
    body: string,
    replyToId: string | undefined,
    attachment: Uploaded | undefined,
  ) {
    const clientId = crypto.randomUUID();
    const pending: Pending = { clientId, body, replyToId, attachment, failed: null };
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
    const file = pending.attachment;
    const withFile = file && {
      attachmentId: file.id,
      kind: INLINE_IMAGE_TYPES.has(file.mimeType ?? '') ? ('IMAGE' as const) : ('FILE' as const),
    };
    try {
      const { send } = await this.api.mutate(Send, {
        input: {
          ...target,
          ...withFile,
          body: pending.body,
          format: 'MARKDOWN',
          clientId: pending.clientId,
        },
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

  async deleteRoom(roomId: string) {
    await this.api.mutate(DeleteRoom, { roomId });
    this.dropRoom(roomId);
  }

  async updateRoom(
    roomId: string,
    settings: {
      title?: string;
      description?: string;
      isPrivate?: boolean;
      maxMembers?: number | null;
    },
  ) {
    const { updateRoom } = await this.api.mutate(UpdateRoom, { roomId, ...settings });
    this.conversations.set(updateRoom.id, updateRoom);
    this.changed();
  }

  private dropRoom(roomId: string) {
    this.conversations.delete(roomId);
    this.histories.delete(roomId);
    this.typing.delete(roomId);
    if (this.openConversationId() === roomId) this.open = null;
    this.changed();
  }

  // ---- status, mute, search, log out --------------------------------------------------

  async setStatus(status: UserStatus, text: string | null) {
    const { setStatus } = await this.api.mutate(SetStatus, { status, text });
    Object.assign(this.me, setStatus);
    this.people.set(setStatus.id, setStatus);
    this.changed();
  }

  /** Mutes until `until` (null unmutes). */
  async mute(conversationId: string, until: Date | null) {
    const { muteConversation } = await this.api.mutate(MuteConversation, {
      conversationId,
      until: until?.toISOString() ?? null,
    });
    const conversation = this.conversations.get(conversationId);
    if (conversation) conversation.mutedUntil = muteConversation.mutedUntil;
    this.changed();
  }

  isMuted(conversation: Conversation): boolean {
    return !!conversation.mutedUntil && new Date(conversation.mutedUntil).getTime() > Date.now();
  }

  async search(query: string, conversationId: string | null): Promise<Hit[]> {
    const { searchMessages } = await this.api.query(SearchMessages, { query, conversationId });
    return searchMessages.edges.map(({ node, highlights }) => ({
      message: node,
      highlights: highlights ?? [],
    }));
  }

  /** Ends this token on the server; the caller forgets the session whatever the answer. */
  async logOut() {
    await this.api.mutate(LogOut, {}).catch(() => {});
  }

  // ---- the inbox ----------------------------------------------------------------------

  private handle(event: InboxEvent) {
    switch (event.__typename) {
      case 'MessageEvent':
        void this.received(event.message, true);
        break;
      case 'MessageEditedEvent':
        this.replace(event.message);
        break;
      case 'MessageDeletedEvent': {
        this.replace(event.message);
        // A recalled message no longer counts as unread: whether it was is the server's to say.
        const conversation = this.conversations.get(event.message.conversation.id);
        if (conversation && conversation.unreadCount > 0) {
          void this.refreshConversation(conversation.id);
        }
        break;
      }
      case 'ReadEvent': {
        const conversation = this.conversations.get(event.conversation.id);
        if (conversation && event.reader.id === this.me.id) {
          // Read on any device of mine: the badge follows (and an answer on its way, read
          // before, is asked again).
          conversation.unreadCount = event.conversation.unreadCount;
          const refreshing = this.refreshing.get(conversation.id);
          if (refreshing) refreshing.again = true;
          this.changed();
        } else if (conversation?.kind === 'DIRECT') {
          this.moveUp(this.readUpTo, conversation.id, event.upTo.createdAt);
          this.moveUp(this.deliveredUpTo, conversation.id, event.upTo.createdAt);
        }
        break;
      }
      case 'DeliveredEvent':
        if (event.recipient.id !== this.me.id)
          this.moveUp(this.deliveredUpTo, event.conversation.id, event.upTo.createdAt);
        break;
      case 'RoomDeletedEvent':
        this.dropRoom(event.roomId);
        break;
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
    const history = this.histories.get(id);
    const isNew = !history?.items.some((m) => m.id === message.id);
    if (history?.loaded && isNew) history.items = merge(history.items, [message]);
    // An answer about this conversation is on its way, maybe read before this message.
    const refreshing = this.refreshing.get(id);
    refreshing?.arrived.push({ message, fromInbox });
    const conversation = this.conversations.get(id);
    if (conversation) this.countIn(conversation, message, fromInbox);
    else if (!refreshing) await this.refreshConversation(id);
    this.changed();
  }

  /**
   * A message into its conversation's newest message and unread count, unless the count (as
   * loaded, or counted since) has it already: a conversation's messages come in order and
   * their times never go back, so one older than the newest known, or that one, is in it.
   */
  private countIn(conversation: Conversation, message: Message, fromInbox: boolean) {
    const id = conversation.id;
    const newest = conversation.lastActivityAt;
    if (message.createdAt < newest || message.id === conversation.lastMessage?.id) return;
    if (message.createdAt === newest) {
      // Sent in the same millisecond as the newest message known (the server's times are
      // milliseconds): whether the count has this one too only the server can tell. Rare.
      void this.refreshConversation(id);
      return;
    }
    conversation.lastActivityAt = message.createdAt;
    conversation.lastMessage = message;
    if (message.sender) this.setTypingOf(id, message.sender.id, null);
    if (fromInbox && message.sender?.id !== this.me.id) {
      conversation.unreadCount += 1;
      if (this.openConversationId() === id && !document.hidden) void this.markRead(id);
    }
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

import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { anonymous } from './api';
import { AttachmentView } from './attachments';
import {
  Chat,
  type Conversation,
  type Hit,
  type Message,
  messageOf,
  type Pending,
  type Tick,
  type User,
} from './chat';
import { Composer, fileOf } from './composer';
import { LogIn, Rooms, SignUp } from './documents';
import type { UserStatus } from './gql/graphql';
import { Formatted } from './markdown';

interface Session {
  token: string;
  user: User;
}

const SESSION_KEY = 'chat.session';

function loadSession(): Session | null {
  try {
    return JSON.parse(localStorage.getItem(SESSION_KEY) ?? 'null') as Session | null;
  } catch {
    return null;
  }
}

export function Root() {
  const [session, setSession] = useState(loadSession);
  const signIn = (next: Session) => {
    localStorage.setItem(SESSION_KEY, JSON.stringify(next));
    setSession(next);
  };
  const logOut = () => {
    localStorage.removeItem(SESSION_KEY);
    setSession(null);
  };
  if (!session) return <SignIn onSession={signIn} />;
  return <Shell key={session.token} session={session} onLogOut={logOut} />;
}

function SignIn({ onSession }: { onSession(session: Session): void }) {
  const [mode, setMode] = useState<'logIn' | 'signUp'>('logIn');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    const username = String(form.get('username'));
    const password = String(form.get('password'));
    setBusy(true);
    setError(null);
    try {
      if (mode === 'signUp') {
        const displayName = String(form.get('displayName') ?? '').trim() || undefined;
        const { signUp } = await anonymous(SignUp, { username, password, displayName });
        onSession(signUp);
      } else {
        const { logIn } = await anonymous(LogIn, { username, password });
        onSession(logIn);
      }
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <main class="signin">
      <h1>Chat</h1>
      <form onSubmit={submit} aria-label={mode === 'signUp' ? 'Sign up' : 'Log in'}>
        <label>
          Username
          <input name="username" autoComplete="username" required minLength={3} maxLength={32} />
        </label>
        {mode === 'signUp' && (
          <label>
            Display name
            <input name="displayName" maxLength={64} />
          </label>
        )}
        <label>
          Password
          <input
            name="password"
            type="password"
            autoComplete={mode === 'signUp' ? 'new-password' : 'current-password'}
            required
            minLength={8}
            maxLength={128}
          />
        </label>
        {error && (
          <p class="error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" disabled={busy}>
          {mode === 'signUp' ? 'Sign up' : 'Log in'}
        </button>
      </form>
      <button
        type="button"
        class="link"
        onClick={() => setMode(mode === 'signUp' ? 'logIn' : 'signUp')}
      >
        {mode === 'signUp' ? 'I have an account: log in' : 'New here? Sign up'}
      </button>
    </main>
  );
}

/** Re-renders the component whenever the chat's state changes. */
function useChat(chat: Chat) {
  const [, setVersion] = useState(0);
  useEffect(() => chat.listen(() => setVersion((n) => n + 1)), [chat]);
}

type Tab = 'chats' | 'people' | 'rooms' | 'search';

function Shell({ session, onLogOut }: { session: Session; onLogOut(): void }) {
  const chat = useMemo(() => new Chat(session.user, session.token, onLogOut), [session]);
  const [tab, setTab] = useState<Tab>('chats');
  const [error, setError] = useState<string | null>(null);
  useChat(chat);
  useEffect(() => {
    chat.start().catch((e) => setError(messageOf(e)));
    const visible = () => {
      const open = chat.openConversationId();
      if (open && !document.hidden) void chat.markRead(open);
    };
    document.addEventListener('visibilitychange', visible);
    return () => {
      document.removeEventListener('visibilitychange', visible);
      chat.stop();
    };
  }, [chat]);
  const unread = chat.unreadTotal();
  return (
    <div class={`app ${chat.open ? 'has-open' : ''}`}>
      <header class="top">
        <strong>Chat</strong>
        <span class="me">{chat.me.displayName}</span>
        <StatusPicker chat={chat} onError={setError} />
        <button type="button" onClick={() => void chat.logOut().finally(onLogOut)}>
          Log out
        </button>
      </header>
      {chat.socketState !== 'connected' && (
        <div class="banner" role="status">
          {chat.socketState === 'reconnecting' ? 'Reconnecting…' : 'Connecting…'}
        </div>
      )}
      {error && (
        <div class="banner error" role="alert">
          {error}
        </div>
      )}
      <nav class="sidebar" aria-label="Conversations, people and rooms">
        <div class="tabs" role="tablist">
          <TabButton tab="chats" current={tab} onSelect={(t) => setTab(t as Tab)}>
            Chats {unread > 0 && <span class="badge">{unread}</span>}
          </TabButton>
          <TabButton tab="people" current={tab} onSelect={(t) => setTab(t as Tab)}>
            People
          </TabButton>
          <TabButton tab="rooms" current={tab} onSelect={(t) => setTab(t as Tab)}>
            Rooms
          </TabButton>
          <TabButton tab="search" current={tab} onSelect={(t) => setTab(t as Tab)}>
            Search
          </TabButton>
        </div>
        {tab === 'chats' && <ConversationList chat={chat} />}
        {tab === 'people' && <PeoplePanel chat={chat} />}
        {tab === 'rooms' && <RoomsPanel chat={chat} />}
        {tab === 'search' && <SearchPanel chat={chat} />}
      </nav>
      <main class="pane">
        {chat.open ? (
          <ChatPane chat={chat} />
        ) : (
          <p class="empty">Pick a conversation or a person.</p>
        )}
      </main>
    </div>
  );
}

function TabButton(props: {
  tab: string;
  current: string;
  onSelect(tab: string): void;
  children: preact.ComponentChildren;
}) {
  return (
    <button
      type="button"
      role="tab"
      aria-selected={props.tab === props.current}
      onClick={() => props.onSelect(props.tab)}
    >
      {props.children}
    </button>
  );
}

function ConversationList({ chat }: { chat: Chat }) {
  const open = chat.openConversationId();
  return (
    <div>
      {chat.broadcasts.length > 0 && (
        <section class="broadcasts" aria-label="System announcements">
          {chat.broadcasts.map((b) => (
            <p key={b.cursor} class="system" role="status">
              <span class="tag">System</span> {b.body}
            </p>
          ))}
        </section>
      )}
      <ul class="list" aria-label="Conversations">
        {chat.sortedConversations().map((c) => (
          <li key={c.id}>
            <button
              type="button"
              class="row"
              aria-current={open === c.id}
              onClick={() => chat.openConversation(c.id)}
            >
              <span class="title">
                {c.kind === 'DIRECT' && <Dot user={chat.peer(c)} />}
                {chat.titleOf(c)}
              </span>
              {chat.isMuted(c) && (
                <span class="muted" role="img" aria-label="muted">
                  🔕
                </span>
              )}
              <span class="preview">{preview(c)}</span>
              {c.unreadCount > 0 && (
                <span
                  class={`badge ${chat.isMuted(c) ? 'quiet' : ''}`}
                  title={`${c.unreadCount} unread`}
                >
                  {c.unreadCount}
                </span>
              )}
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}

function preview(c: Conversation): string {
  const m = c.lastMessage;
  if (!m) return c.kind === 'ROOM' ? `${c.memberCount} members` : '';
  if (m.deletedAt) return 'Message recalled';
  return `${m.sender ? `${m.sender.displayName}: ` : ''}${m.body}`.slice(0, 80);
}

function Dot({ user }: { user: User | undefined }) {
  if (!user) return null;
  return (
    <span
      class={`dot ${user.online ? 'on' : 'off'}`}
      role="img"
      title={user.online ? 'online' : 'offline'}
      aria-label={user.online ? 'online' : 'offline'}
    />
  );
}

type PresenceTab = 'ONLINE' | 'OFFLINE' | 'ALL';

function PeoplePanel({ chat }: { chat: Chat }) {
  const [filter, setFilter] = useState<PresenceTab>('ONLINE');
  const people = [...chat.people.values()]
    .filter((u) => u.id !== chat.me.id)
    .filter((u) => filter === 'ALL' || u.online === (filter === 'ONLINE'))
    .sort((a, b) => a.displayName.localeCompare(b.displayName));
  return (
    <div>
      <div class="tabs small" role="tablist" aria-label="Presence">
        {(['ONLINE', 'OFFLINE', 'ALL'] as const).map((f) => (
          <TabButton key={f} tab={f} current={filter} onSelect={(t) => setFilter(t as PresenceTab)}>
            {f === 'ONLINE' ? 'Online' : f === 'OFFLINE' ? 'Offline' : 'All'}
          </TabButton>
        ))}
      </div>
      <ul class="list" aria-label="People">
        {people.map((u) => (
          <li key={u.id}>
            <button type="button" class="row" onClick={() => chat.openPerson(u.id)}>
              <span class="title">
                <Dot user={u} />
                {u.displayName}
              </span>
              <span class="preview">
                @{u.username} · {u.online ? 'online' : lastSeen(u)}
                {u.status !== 'AVAILABLE' && (
                  <span class="status"> · {STATUS_NAMES[u.status]}</span>
                )}
                {u.statusText && <span class="status-text"> · “{u.statusText}”</span>}
              </span>
            </button>
          </li>
        ))}
        {people.length === 0 && <li class="empty">Nobody here.</li>}
      </ul>
    </div>
  );
}

const STATUS_NAMES: Record<UserStatus, string> = {
  AVAILABLE: 'Available',
  AWAY: 'Away',
  BUSY: 'Busy',
  DO_NOT_DISTURB: 'Do not disturb',
};

/** My status and its text; the people who see my presence get it live. */
function StatusPicker({ chat, onError }: { chat: Chat; onError(message: string | null): void }) {
  const [text, setText] = useState(chat.me.statusText ?? '');
  const save = (status: UserStatus, statusText: string) => {
    onError(null);
    chat.setStatus(status, statusText.trim() || null).catch((e) => onError(messageOf(e)));
  };
  return (
    <form
      class="status-picker"
      aria-label="Your status"
      onSubmit={(e) => {
        e.preventDefault();
        save(chat.me.status, text);
      }}
    >
      <select
        aria-label="Status"
        value={chat.me.status}
        onChange={(e) => save(e.currentTarget.value as UserStatus, text)}
      >
        {(Object.keys(STATUS_NAMES) as UserStatus[]).map((s) => (
          <option key={s} value={s}>
            {STATUS_NAMES[s]}
          </option>
        ))}
      </select>
      <input
        aria-label="Status text"
        placeholder="What are you up to?"
        maxLength={100}
        value={text}
        onInput={(e) => setText(e.currentTarget.value)}
      />
      <button type="submit">Set</button>
    </form>
  );
}

/** Search results: each message with the words found marked. */
function SearchPanel({ chat }: { chat: Chat }) {
  const [query, setQuery] = useState('');
  const [here, setHere] = useState(false);
  const [hits, setHits] = useState<Hit[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const open = chat.openConversationId();
  const search = (event: SubmitEvent) => {
    event.preventDefault();
    if (!query.trim()) return;
    setError(null);
    chat
      .search(query, here ? open : null)
      .then(setHits)
      .catch((e) => setError(messageOf(e)));
  };
  return (
    <div class="search">
      <form onSubmit={search} aria-label="Search messages">
        <input
          type="search"
          aria-label="Search messages"
          placeholder="Words (word* for longer forms)"
          maxLength={200}
          value={query}
          onInput={(e) => setQuery(e.currentTarget.value)}
        />
        {open && (
          <label class="inline">
            <input
              type="checkbox"
              checked={here}
              onChange={(e) => setHere(e.currentTarget.checked)}
            />{' '}
            Only this conversation
          </label>
        )}
        <button type="submit">Search</button>
      </form>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {hits && (
        <ul class="list" aria-label="Search results">
          {hits.map(({ message, highlights }) => {
            const conversation = chat.conversations.get(message.conversation.id);
            return (
              <li key={message.id}>
                <button
                  type="button"
                  class="row"
                  onClick={() => chat.openConversation(message.conversation.id)}
                >
                  <span class="title">
                    {message.sender?.displayName ?? 'System'}
                    {conversation && ` in ${chat.titleOf(conversation)}`}
                  </span>
                  <span class="preview">
                    <Highlighted body={message.body} ranges={highlights} />
                  </span>
                </button>
              </li>
            );
          })}
          {hits.length === 0 && <li class="empty">No messages found.</li>}
        </ul>
      )}
    </div>
  );
}

/** A body with the given ranges in <mark>. */
function Highlighted(props: { body: string; ranges: { offset: number; length: number }[] }) {
  const parts: preact.ComponentChildren[] = [];
  let at = 0;
  const ranges = [...props.ranges].sort((a, b) => a.offset - b.offset);
  for (const { offset, length } of ranges) {
    if (offset < at) continue;
    if (offset > at) parts.push(props.body.slice(at, offset));
    parts.push(<mark key={offset}>{props.body.slice(offset, offset + length)}</mark>);
    at = offset + length;
  }
  parts.push(props.body.slice(at));
  return <>{parts}</>;
}

const lastSeen = (u: User) =>
  u.lastSeenAt ? `last seen ${new Date(u.lastSeenAt).toLocaleString()}` : 'offline';

interface RoomRow {
  id: string;
  title: string | null | undefined;
  isPrivate: boolean;
  memberCount: number;
  maxMembers: number | null | undefined;
}

function RoomsPanel({ chat }: { chat: Chat }) {
  const [query, setQuery] = useState('');
  const [rooms, setRooms] = useState<RoomRow[]>([]);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let current = true;
    const timer = setTimeout(async () => {
      try {
        const { rooms } = await chat.api.query(Rooms, { query: query.trim() || null });
        if (current) setRooms(rooms.edges.map(({ node }) => node));
      } catch (e) {
        if (current) setError(messageOf(e));
      }
    }, 200);
    return () => {
      current = false;
      clearTimeout(timer);
    };
    // Joining, leaving or creating changes the counts shown: ask again then.
  }, [query, chat, chat.conversations.size]);
  const act = (action: () => Promise<unknown>) => {
    setError(null);
    action().catch((e) => setError(messageOf(e)));
  };
  const create = (event: SubmitEvent) => {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const data = new FormData(form);
    const cap = String(data.get('maxMembers') ?? '').trim();
    act(async () => {
      await chat.createRoom(
        String(data.get('title')),
        data.get('isPrivate') === 'on',
        cap ? Number(cap) : null,
      );
      form.reset();
    });
  };
  return (
    <div class="rooms">
      <input
        type="search"
        placeholder="Search rooms"
        aria-label="Search rooms"
        value={query}
        onInput={(e) => setQuery(e.currentTarget.value)}
      />
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <ul class="list" aria-label="Rooms">
        {rooms.map((r) => {
          const member = chat.conversations.has(r.id);
          return (
            <li key={r.id} class="room">
              <span class="title">{r.title}</span>
              <span class="preview">
                {r.memberCount}
                {r.maxMembers ? ` / ${r.maxMembers}` : ''} members
              </span>
              {member ? (
                <button type="button" onClick={() => chat.openConversation(r.id)}>
                  Open
                </button>
              ) : (
                <button
                  type="button"
                  aria-label={`Join ${r.title}`}
                  onClick={() => act(() => chat.joinRoom(r.id))}
                >
                  Join
                </button>
              )}
            </li>
          );
        })}
      </ul>
      <form class="create" onSubmit={create} aria-label="Create a room">
        <input
          name="title"
          placeholder="New room title"
          aria-label="Room title"
          required
          maxLength={100}
        />
        <label class="inline">
          <input type="checkbox" name="isPrivate" /> Private
        </label>
        <input
          name="maxMembers"
          type="number"
          min={2}
          max={10000}
          placeholder="Cap (500)"
          aria-label="Member cap"
        />
        <button type="submit">Create room</button>
      </form>
    </div>
  );
}

function ChatPane({ chat }: { chat: Chat }) {
  const open = chat.open;
  const conversationId = chat.openConversationId();
  const conversation = conversationId ? chat.conversations.get(conversationId) : undefined;
  const person =
    open && 'userId' in open
      ? chat.people.get(open.userId)
      : conversation?.kind === 'DIRECT'
        ? chat.peer(conversation)
        : undefined;
  const key = conversationId ?? (open && 'userId' in open ? `user:${open.userId}` : '');
  const [replyTo, setReplyTo] = useState<Message | null>(null);
  const [error, setError] = useState<string | null>(null);
  const act = (action: () => Promise<unknown>) => {
    setError(null);
    action().catch((e) => setError(messageOf(e)));
  };
  const [settingsOpen, setSettingsOpen] = useState(false);
  /** The file in the composer: picked, pasted, or dropped anywhere on the chat. */
  const [file, setFile] = useState<File | null>(null);
  const [dragging, setDragging] = useState(false);
  useEffect(() => {
    setReplyTo(null);
    setSettingsOpen(false);
    setFile(null);
  }, [key]);
  const title = conversation ? chat.titleOf(conversation) : (person?.displayName ?? '');
  const isOwner = conversation?.owner?.id === chat.me.id;
  return (
    <section
      class={`chat ${dragging ? 'dropping' : ''}`}
      aria-label={`Chat with ${title}`}
      onDragOver={(e) => {
        if (!e.dataTransfer?.types.includes('Files')) return;
        e.preventDefault();
        setDragging(true);
      }}
      onDragLeave={(e) => {
        if (e.currentTarget === e.target) setDragging(false);
      }}
      onDrop={(e) => {
        e.preventDefault();
        setDragging(false);
        const dropped = fileOf(e.dataTransfer);
        if (dropped) setFile(dropped);
      }}
    >
      <header class="chat-head">
        <button type="button" class="back" onClick={() => chat.close()} aria-label="Back">
          ←
        </button>
        <h2>
          {person && <Dot user={person} />}
          {title}
        </h2>
        {conversation?.kind === 'ROOM' && (
          <span class="preview">
            {conversation.isPrivate ? 'private · ' : ''}
            {conversation.memberCount}
            {conversation.maxMembers ? ` / ${conversation.maxMembers}` : ''} members
          </span>
        )}
        {conversation && (
          <button
            type="button"
            aria-pressed={chat.isMuted(conversation)}
            title={
              conversation.mutedUntil
                ? `Muted until ${new Date(conversation.mutedUntil).toLocaleString()}`
                : 'Mute notifications for 8 hours'
            }
            onClick={() =>
              act(() =>
                chat.mute(
                  conversation.id,
                  chat.isMuted(conversation) ? null : new Date(Date.now() + 8 * 3600_000),
                ),
              )
            }
          >
            {chat.isMuted(conversation) ? 'Unmute' : 'Mute'}
          </button>
        )}
        {isOwner && conversation && (
          <button
            type="button"
            aria-expanded={settingsOpen}
            onClick={() => setSettingsOpen(!settingsOpen)}
          >
            Settings
          </button>
        )}
        {conversation?.kind === 'ROOM' && (
          <button type="button" onClick={() => act(() => chat.leaveRoom(conversation.id))}>
            Leave
          </button>
        )}
      </header>
      {conversation?.description && <p class="description">{conversation.description}</p>}
      {isOwner && conversation && settingsOpen && (
        <RoomSettings
          key={conversation.id}
          chat={chat}
          room={conversation}
          act={act}
          onDone={() => setSettingsOpen(false)}
        />
      )}
      {isOwner && conversation && (
        <InviteForm chat={chat} roomId={conversation.id} onError={setError} />
      )}
      {person && !person.online && person.id !== chat.me.id && (
        <p class="note" role="note">
          {person.displayName} is offline: your messages will arrive when they come back.
        </p>
      )}
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <MessageList
        chat={chat}
        historyKey={key}
        conversationId={conversationId}
        onReply={setReplyTo}
        act={act}
      />
      {conversationId && <TypingLine names={chat.typingIn(conversationId)} />}
      <Composer
        key={key}
        file={file}
        onFile={setFile}
        onComposing={(typing) => {
          if (conversationId) chat.composing(conversationId, typing);
        }}
        replyTo={replyTo}
        onCancelReply={() => setReplyTo(null)}
        onSend={async (body, picked) => {
          const reply = replyTo?.id;
          // A refused upload throws here: the reply stays, as do the text and the file.
          if (picked) await chat.sendFile(picked, body, reply);
          else void chat.send(body, reply);
          setReplyTo(null);
        }}
      />
    </section>
  );
}

/** The owner's room settings: title, description, privacy, cap; and deleting the room. */
function RoomSettings(props: {
  chat: Chat;
  room: Conversation;
  act(action: () => Promise<unknown>): void;
  onDone(): void;
}) {
  const { chat, room } = props;
  const [title, setTitle] = useState(room.title ?? '');
  const [description, setDescription] = useState(room.description ?? '');
  const [isPrivate, setIsPrivate] = useState(room.isPrivate);
  const [cap, setCap] = useState(room.maxMembers ? String(room.maxMembers) : '');
  const [deleting, setDeleting] = useState(false);
  const save = (event: SubmitEvent) => {
    event.preventDefault();
    props.act(async () => {
      await chat.updateRoom(room.id, {
        title: title.trim() || undefined,
        description,
        isPrivate,
        maxMembers: cap ? Number(cap) : undefined,
      });
      props.onDone();
    });
  };
  return (
    <form class="settings" onSubmit={save} aria-label="Room settings">
      <input
        aria-label="Title"
        maxLength={100}
        value={title}
        onInput={(e) => setTitle(e.currentTarget.value)}
      />
      <textarea
        aria-label="Description"
        maxLength={1000}
        rows={2}
        value={description}
        onInput={(e) => setDescription(e.currentTarget.value)}
      />
      <label class="inline">
        <input
          type="checkbox"
          checked={isPrivate}
          onChange={(e) => setIsPrivate(e.currentTarget.checked)}
        />{' '}
        Private
      </label>
      <input
        type="number"
        aria-label="Member cap"
        placeholder="No cap"
        min={2}
        value={cap}
        onInput={(e) => setCap(e.currentTarget.value)}
      />
      <button type="submit">Save settings</button>
      {deleting ? (
        <button
          type="button"
          class="danger"
          onClick={() => props.act(() => chat.deleteRoom(room.id))}
        >
          Delete for everyone
        </button>
      ) : (
        <button type="button" onClick={() => setDeleting(true)}>
          Delete room…
        </button>
      )}
    </form>
  );
}

function InviteForm(props: { chat: Chat; roomId: string; onError(message: string | null): void }) {
  const invite = (event: SubmitEvent) => {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const username = String(new FormData(form).get('username')).trim().replace(/^@/, '');
    const user = [...props.chat.people.values()].find(
      (u) => u.username.toLowerCase() === username.toLowerCase(),
    );
    if (!user) {
      props.onError(`No user @${username}`);
      return;
    }
    props.onError(null);
    props.chat
      .invite(props.roomId, user.id)
      .then(() => form.reset())
      .catch((e) => props.onError(messageOf(e)));
  };
  return (
    <form class="invite" onSubmit={invite} aria-label="Invite to room">
      <input
        name="username"
        list="people"
        placeholder="Invite @username"
        aria-label="Username to invite"
        required
      />
      <datalist id="people">
        {[...props.chat.people.values()].map((u) => (
          <option key={u.id} value={u.username} />
        ))}
      </datalist>
      <button type="submit">Invite</button>
    </form>
  );
}

function MessageList(props: {
  chat: Chat;
  historyKey: string;
  conversationId: string | null;
  onReply(message: Message): void;
  act(action: () => Promise<unknown>): void;
}) {
  const { chat, conversationId } = props;
  const history = chat.history(props.historyKey);
  const list = useRef<HTMLOListElement>(null);
  const atBottom = useRef(true);
  const restore = useRef<number | null>(null);
  const onScroll = () => {
    const el = list.current;
    if (!el) return;
    atBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight < 40;
    if (el.scrollTop < 40 && conversationId && history.hasOlder && !history.loading) {
      // Older messages go above: keep what is on screen where it is.
      restore.current = el.scrollHeight - el.scrollTop;
      void chat.loadHistory(conversationId, true);
    }
  };
  useEffect(() => {
    const el = list.current;
    if (!el) return;
    if (restore.current !== null && !history.loading) {
      el.scrollTop = el.scrollHeight - restore.current;
      restore.current = null;
    } else if (atBottom.current) el.scrollTop = el.scrollHeight;
  });
  // A new conversation starts at its end.
  useEffect(() => {
    atBottom.current = true;
  }, [props.historyKey]);
  const rooms = chat.sortedConversations();
  return (
    <ol class="messages" ref={list} onScroll={onScroll} aria-label="Messages" aria-live="polite">
      {history.loading && <li class="loading">Loading…</li>}
      {!history.hasOlder && history.items.length > 0 && (
        <li class="start">Start of the conversation</li>
      )}
      {history.items.map((m) => (
        <MessageItem
          key={m.id}
          message={m}
          mine={m.sender?.id === chat.me.id}
          tick={chat.tickOf(m)}
          onReply={() => props.onReply(m)}
          onEdit={(body) => props.act(() => chat.edit(m.id, body))}
          onRecall={() => props.act(() => chat.recall(m.id))}
          forwardTargets={rooms}
          titleOf={(c) => chat.titleOf(c)}
          onForward={(to) => props.act(() => chat.forward(m.id, to))}
        />
      ))}
      {history.pending.map((p) => (
        <PendingItem
          key={p.clientId}
          pending={p}
          onRetry={() => void chat.retry(props.historyKey, p)}
        />
      ))}
    </ol>
  );
}

const time = (iso: string) =>
  new Date(iso).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });

const TICKS: Record<Tick, string> = { sent: '✓', delivered: '✓✓', read: '✓✓' };

function MessageItem(props: {
  message: Message;
  mine: boolean;
  tick: Tick | null;
  onReply(): void;
  onEdit(body: string): void;
  onRecall(): void;
  forwardTargets: Conversation[];
  titleOf(c: Conversation): string;
  onForward(conversationId: string): void;
}) {
  const m = props.message;
  const [editing, setEditing] = useState(false);
  const [forwarding, setForwarding] = useState(false);
  if (m.kind === 'SYSTEM') {
    return (
      <li class="message system" data-id={m.id}>
        <span class="tag">System</span> <Formatted body={m.body} entities={m.entities} />
      </li>
    );
  }
  const recalled = m.deletedAt !== null && m.deletedAt !== undefined;
  return (
    <li class={`message ${props.mine ? 'mine' : ''}`} data-id={m.id}>
      <div class="meta">
        <span class="sender">{m.sender?.displayName}</span>{' '}
        <time dateTime={m.createdAt}>{time(m.createdAt)}</time>
        {m.editedAt && !recalled && <span class="edited"> (edited)</span>}
        {props.tick && (
          <span class={`tick ${props.tick}`} role="img" aria-label={props.tick} title={props.tick}>
            {' '}
            {TICKS[props.tick]}
          </span>
        )}
      </div>
      {m.forwardedFrom && (
        <div class="forwarded">
          Forwarded from {m.forwardedFrom.sender?.displayName ?? 'a message'}
        </div>
      )}
      {m.replyTo && (
        <blockquote class="reply">
          {m.replyTo.sender?.displayName}:{' '}
          {m.replyTo.deletedAt ? 'Message recalled' : m.replyTo.body.slice(0, 120)}
        </blockquote>
      )}
      {recalled ? (
        <div class="body recalled">Message recalled</div>
      ) : editing ? (
        <EditForm
          body={m.body}
          onCancel={() => setEditing(false)}
          onSave={(body) => {
            setEditing(false);
            props.onEdit(body);
          }}
        />
      ) : (
        m.attachment?.name !== m.body && (
          <div class="body">
            <Formatted body={m.body} entities={m.entities} />
          </div>
        )
      )}
      {m.attachment && !recalled && (
        <AttachmentView attachment={m.attachment} image={m.kind === 'IMAGE'} />
      )}
      {!recalled && !editing && (
        <div class="actions">
          <button type="button" onClick={props.onReply}>
            Reply
          </button>
          <button type="button" onClick={() => setForwarding(!forwarding)}>
            Forward
          </button>
          {props.mine && (
            <>
              <button type="button" onClick={() => setEditing(true)}>
                Edit
              </button>
              <button type="button" onClick={props.onRecall}>
                Recall
              </button>
            </>
          )}
        </div>
      )}
      {forwarding && (
        <form
          class="forward"
          onSubmit={(e) => {
            e.preventDefault();
            const to = String(new FormData(e.currentTarget).get('to'));
            setForwarding(false);
            props.onForward(to);
          }}
        >
          <select name="to" aria-label="Forward to">
            {props.forwardTargets.map((c) => (
              <option key={c.id} value={c.id}>
                {props.titleOf(c)}
              </option>
            ))}
          </select>
          <button type="submit">Send copy</button>
        </form>
      )}
    </li>
  );
}

function EditForm(props: { body: string; onSave(body: string): void; onCancel(): void }) {
  const [body, setBody] = useState(props.body);
  return (
    <form
      class="edit"
      onSubmit={(e) => {
        e.preventDefault();
        if (body.trim()) props.onSave(body);
      }}
      onKeyDown={(e) => e.key === 'Escape' && props.onCancel()}
    >
      <textarea
        aria-label="Edit message"
        value={body}
        onInput={(e) => setBody(e.currentTarget.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
            e.preventDefault();
            if (body.trim()) props.onSave(body);
          }
        }}
        // biome-ignore lint/a11y/noAutofocus: the field the user just asked for
        autoFocus
        maxLength={4000}
      />
      <button type="submit">Save</button>
      <button type="button" onClick={props.onCancel}>
        Cancel
      </button>
    </form>
  );
}

function PendingItem({ pending, onRetry }: { pending: Pending; onRetry(): void }) {
  return (
    <li class="message mine pending">
      {pending.attachment?.name !== pending.body && <div class="body">{pending.body}</div>}
      {pending.attachment && <div class="file">{pending.attachment.name ?? 'file'}</div>}
      {pending.failed ? (
        <div class="failed" role="alert">
          Not sent: {pending.failed}{' '}
          <button type="button" onClick={onRetry}>
            Retry
          </button>
        </div>
      ) : (
        <div class="meta">Sending…</div>
      )}
    </li>
  );
}

function TypingLine({ names }: { names: string[] }) {
  if (names.length === 0) return <p class="typing" aria-hidden="true" />;
  const who =
    names.length === 1
      ? `${names[0]} is`
      : names.length <= 3
        ? `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]} are`
        : 'Several people are';
  return (
    <p class="typing" role="status">
      {who} typing…
    </p>
  );
}

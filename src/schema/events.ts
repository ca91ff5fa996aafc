import { type InboxItem, inboxCursor } from '../chat/inbox/item.js';
import type { PresenceChange, TypingChange } from '../pubsub/types.js';
import { builder } from './builder.js';
import type { Context } from './context.js';
import { encodeGlobalId } from './global-id.js';
import { notifyOf } from './notify.js';
import { Conversation, Message, User } from './refs.js';
import { recomputedPerRecipient, recomputedWhenKnown, sameForEveryRecipient } from './sharing.js';
import { UserStatusEnum } from './user.js';

export const InboxEvent = builder.interfaceRef<InboxItem>('InboxEvent');

builder.interfaceType(InboxEvent, {
  description:
    'Something that happened for you, in your order. Remember `cursor` to resume after it.',
  resolveType: (item) =>
    ({
      MESSAGE: 'MessageEvent',
      MESSAGE_EDITED: 'MessageEditedEvent',
      MESSAGE_DELETED: 'MessageDeletedEvent',
      READ: 'ReadEvent',
      DELIVERED: 'DeliveredEvent',
      MEMBERSHIP: 'MembershipEvent',
      BROADCAST: 'BroadcastEvent',
      ROOM_DELETED: 'RoomDeletedEvent',
      SYSTEM_COMMAND: 'SystemCommandEvent',
      RESYNC: 'ResyncEvent',
    })[item.kind],
  fields: (t) => ({
    cursor: t.string({
      description: 'Pass it as `inbox(after:)` to resume right after this event.',
      ...recomputedPerRecipient((item: InboxItem) => inboxCursor(item.userId, item.seq)),
    }),
    at: t.field({
      type: 'DateTime',
      description: 'When it happened.',
      resolve: (item) => item.at,
      ...sameForEveryRecipient,
    }),
  }),
});

/** A row an event refers to; without a promise when it is loaded already. */
function loadOrFail<T>(value: T | null | Promise<T | null>, what: string): T | Promise<T> {
  const found = (row: T | null): T => {
    if (!row) throw new Error(`event refers to a missing ${what}`);
    return row;
  };
  return value instanceof Promise ? value.then(found) : found(value);
}

builder.objectType(builder.objectRef<InboxItem>('MessageEvent'), {
  interfaces: [InboxEvent],
  description: 'A new message in one of your conversations (yours too, for your other devices).',
  fields: (t) => ({
    message: t.field({
      type: Message,
      description: 'The message.',
      ...sameForEveryRecipient,
      resolve: (item, _args, ctx) =>
        loadOrFail(ctx.loaders.message.load(item.messageId ?? 0), 'message'),
    }),
    notify: t.boolean({
      description:
        'Whether to alert you (sound, banner, badge): false for your own message, in a conversation you muted unless it mentions you, and always while your status is DO_NOT_DISTURB. The event is delivered either way.',
      // Per recipient: worked out before execution when the document asks for it (then one
      // execution serves every recipient on the instance), else resolved here.
      ...recomputedWhenKnown(
        (item: InboxItem) => (item.kind === 'MESSAGE' ? item.notify : null),
        (item: InboxItem, _args: unknown, ctx: Context) => item.notify ?? notifyOf(ctx.deps, item),
      ),
    }),
  }),
});

builder.objectType(builder.objectRef<InboxItem>('MessageEditedEvent'), {
  interfaces: [InboxEvent],
  description: 'A message in one of your conversations was edited (by you too, on another device).',
  fields: (t) => ({
    message: t.field({
      type: Message,
      description: 'The message as it is now: its body, `editedAt` and `edits`.',
      ...sameForEveryRecipient,
      resolve: (item, _args, ctx) =>
        loadOrFail(ctx.loaders.message.load(item.messageId ?? 0), 'message'),
    }),
  }),
});

builder.objectType(builder.objectRef<InboxItem>('MessageDeletedEvent'), {
  interfaces: [InboxEvent],
  description:
    'A message in one of your conversations was recalled: it stays in place as a tombstone.',
  fields: (t) => ({
    message: t.field({
      type: Message,
      description: 'The tombstone: `deletedAt` set, body empty, no attachment or edits.',
      ...sameForEveryRecipient,
      resolve: (item, _args, ctx) =>
        loadOrFail(ctx.loaders.message.load(item.messageId ?? 0), 'message'),
    }),
  }),
});

builder.objectType(builder.objectRef<InboxItem>('ReadEvent'), {
  interfaces: [InboxEvent],
  description: 'Someone (or another device of yours) read a conversation up to a message.',
  fields: (t) => ({
    conversation: t.field({
      type: Conversation,
      description: 'Where.',
      ...sameForEveryRecipient,
      resolve: (item, _args, ctx) =>
        loadOrFail(ctx.loaders.conversation.load(item.conversationId ?? 0), 'conversation'),
    }),
    reader: t.field({
      type: User,
      description: 'Who read.',
      ...sameForEveryRecipient,
      resolve: (item, _args, ctx) => loadOrFail(ctx.loaders.user.load(item.actorId ?? 0), 'user'),
    }),
    upTo: t.field({
      type: Message,
      description: 'The last message read.',
      ...sameForEveryRecipient,
      resolve: (item, _args, ctx) =>
        loadOrFail(ctx.loaders.message.load(item.messageId ?? 0), 'message'),
    }),
  }),
});

builder.objectType(builder.objectRef<InboxItem>('DeliveredEvent'), {
  interfaces: [InboxEvent],
  description:
    'DIRECT conversations, to the sender: a device of the other member got your messages up to `upTo`.',
  fields: (t) => ({
    conversation: t.field({
      type: Conversation,
      description: 'The DIRECT conversation.',
      ...sameForEveryRecipient,
      resolve: (item, _args, ctx) =>
        loadOrFail(ctx.loaders.conversation.load(item.conversationId ?? 0), 'conversation'),
    }),
    recipient: t.field({
      type: User,
      description: 'Who got them.',
      ...sameForEveryRecipient,
      resolve: (item, _args, ctx) => loadOrFail(ctx.loaders.user.load(item.actorId ?? 0), 'user'),
    }),
    upTo: t.field({
      type: Message,
      description: 'The newest of your messages a device of theirs got (and every one before it).',
      ...sameForEveryRecipient,
      resolve: (item, _args, ctx) =>
        loadOrFail(ctx.loaders.message.load(item.messageId ?? 0), 'message'),
    }),
  }),
});

builder.objectType(builder.objectRef<InboxItem>('MembershipEvent'), {
  interfaces: [InboxEvent],
  description: 'Someone joined or left a room you are (or were) in.',
  fields: (t) => ({
    conversation: t.field({
      type: Conversation,
      description: 'The room.',
      ...sameForEveryRecipient,
      resolve: (item, _args, ctx) =>
        loadOrFail(ctx.loaders.conversation.load(item.conversationId ?? 0), 'conversation'),
    }),
    user: t.field({
      type: User,
      description: 'Who joined or left.',
      ...sameForEveryRecipient,
      resolve: (item, _args, ctx) => loadOrFail(ctx.loaders.user.load(item.actorId ?? 0), 'user'),
    }),
    joined: t.boolean({
      description: 'True for a join, false for a leave or removal.',
      ...sameForEveryRecipient,
      resolve: (item) => Boolean(item.joined),
    }),
  }),
});

builder.objectType(builder.objectRef<InboxItem>('BroadcastEvent'), {
  interfaces: [InboxEvent],
  description: 'A system announcement from an admin.',
  fields: (t) => ({
    body: t.string({
      description: 'The announcement.',
      ...sameForEveryRecipient,
      resolve: async (item, _args, ctx) =>
        (await loadOrFail(ctx.loaders.broadcast.load(item.broadcastId ?? 0), 'broadcast')).body,
    }),
    from: t.field({
      type: User,
      nullable: true,
      description: 'The admin who sent it.',
      ...sameForEveryRecipient,
      resolve: (item, _args, ctx) => (item.actorId ? ctx.loaders.user.load(item.actorId) : null),
    }),
  }),
});

builder.objectType(builder.objectRef<InboxItem>('RoomDeletedEvent'), {
  interfaces: [InboxEvent],
  description:
    'A room you were in was deleted (by its owner or an admin): drop it and its history.',
  fields: (t) => ({
    roomId: t.id({
      description: 'The global id the room had.',
      ...sameForEveryRecipient,
      resolve: (item) => encodeGlobalId('Conversation', item.conversationId ?? 0),
    }),
    title: t.string({
      nullable: true,
      description: 'Its title when it was deleted.',
      ...sameForEveryRecipient,
      resolve: async (item, _args, ctx) =>
        (await ctx.loaders.conversation.load(item.conversationId ?? 0))?.title ?? null,
    }),
  }),
});

builder.objectType(builder.objectRef<InboxItem>('SystemCommandEvent'), {
  interfaces: [InboxEvent],
  description: 'A command from an admin to clients; what it means is up to them.',
  fields: (t) => ({
    command: t.string({
      description: 'The command, as the admin named it.',
      ...sameForEveryRecipient,
      resolve: async (item, _args, ctx) =>
        (await loadOrFail(ctx.loaders.broadcast.load(item.broadcastId ?? 0), 'command')).command ??
        '',
    }),
    payload: t.field({
      type: 'JSON',
      nullable: true,
      description: "The command's data, any JSON.",
      ...sameForEveryRecipient,
      resolve: async (item, _args, ctx) =>
        (await loadOrFail(ctx.loaders.broadcast.load(item.broadcastId ?? 0), 'command')).payload ??
        null,
    }),
  }),
});

builder.objectType(builder.objectRef<InboxItem>('ResyncEvent'), {
  interfaces: [InboxEvent],
  description:
    'Your cursor is older than retention: refetch conversations and unread counts, then carry on.',
  fields: () => ({}),
});

export const PresenceEvent = builder.objectRef<PresenceChange>('PresenceEvent');

builder.objectType(PresenceEvent, {
  description:
    'A user who shares a conversation with you went online or offline, or set their status.',
  fields: (t) => ({
    user: t.field({
      type: User,
      description: 'Who.',
      ...sameForEveryRecipient,
      resolve: (change, _args, ctx) => loadOrFail(ctx.loaders.user.load(change.userId), 'user'),
    }),
    online: t.exposeBoolean('online', { description: 'Online now?', ...sameForEveryRecipient }),
    status: t.field({
      type: UserStatusEnum,
      description: 'Their status: the one just set when this event is a status change.',
      ...sameForEveryRecipient,
      resolve: async (change, _args, ctx) =>
        change.status ?? (await loadOrFail(ctx.loaders.user.load(change.userId), 'user')).status,
    }),
    statusText: t.string({
      nullable: true,
      description: 'The text of their status, or null.',
      ...sameForEveryRecipient,
      resolve: async (change, _args, ctx) =>
        change.status !== undefined
          ? (change.statusText ?? null)
          : (await loadOrFail(ctx.loaders.user.load(change.userId), 'user')).statusText,
    }),
    at: t.field({
      type: 'DateTime',
      description: 'When it changed.',
      ...sameForEveryRecipient,
      resolve: (change) => new Date(change.at),
    }),
  }),
});

export const TypingEvent = builder.objectRef<TypingChange>('TypingEvent');

builder.objectType(TypingEvent, {
  description:
    'Another member started or stopped typing in one of your conversations. Never stored or replayed.',
  fields: (t) => ({
    conversation: t.field({
      type: Conversation,
      description: 'Where.',
      ...sameForEveryRecipient,
      resolve: (change, _args, ctx) =>
        loadOrFail(ctx.loaders.conversation.load(change.conversationId), 'conversation'),
    }),
    user: t.field({
      type: User,
      description: 'Who.',
      ...sameForEveryRecipient,
      resolve: (change, _args, ctx) => loadOrFail(ctx.loaders.user.load(change.userId), 'user'),
    }),
    typing: t.exposeBoolean('typing', {
      description:
        'True while typing; false when they stopped, or 6 seconds passed without a refresh.',
      ...sameForEveryRecipient,
    }),
    at: t.field({
      type: 'DateTime',
      description: 'When.',
      ...sameForEveryRecipient,
      resolve: (change) => new Date(change.at),
    }),
  }),
});

import { type InboxItem, inboxCursor } from '../chat/inbox/item.js';
import type { PresenceChange } from '../pubsub/types.js';
import { builder } from './builder.js';
import { Conversation, Message, User } from './refs.js';

export const InboxEvent = builder.interfaceRef<InboxItem>('InboxEvent');

builder.interfaceType(InboxEvent, {
  description:
    'Something that happened for you, in your order. Remember `cursor` to resume after it.',
  resolveType: (item) =>
    ({
      MESSAGE: 'MessageEvent',
      READ: 'ReadEvent',
      MEMBERSHIP: 'MembershipEvent',
      BROADCAST: 'BroadcastEvent',
      RESYNC: 'ResyncEvent',
    })[item.kind],
  fields: (t) => ({
    cursor: t.string({
      description: 'Pass it as `inbox(after:)` to resume right after this event.',
      resolve: (item) => inboxCursor(item.userId, item.seq),
    }),
    at: t.field({ type: 'DateTime', description: 'When it happened.', resolve: (item) => item.at }),
  }),
});

const loadOrFail = async <T>(value: Promise<T | null>, what: string): Promise<T> => {
  const found = await value;
  if (!found) throw new Error(`inbox event refers to a missing ${what}`);
  return found;
};

builder.objectType(builder.objectRef<InboxItem>('MessageEvent'), {
  interfaces: [InboxEvent],
  description: 'A new message in one of your conversations (yours too, for your other devices).',
  fields: (t) => ({
    message: t.field({
      type: Message,
      description: 'The message.',
      resolve: (item, _args, ctx) =>
        ctx.knownMessages.get(item.messageId ?? 0) ??
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
      resolve: (item, _args, ctx) =>
        loadOrFail(ctx.loaders.conversation.load(item.conversationId ?? 0), 'conversation'),
    }),
    reader: t.field({
      type: User,
      description: 'Who read.',
      resolve: (item, _args, ctx) => loadOrFail(ctx.loaders.user.load(item.actorId ?? 0), 'user'),
    }),
    upTo: t.field({
      type: Message,
      description: 'The last message read.',
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
      resolve: (item, _args, ctx) =>
        loadOrFail(ctx.loaders.conversation.load(item.conversationId ?? 0), 'conversation'),
    }),
    user: t.field({
      type: User,
      description: 'Who joined or left.',
      resolve: (item, _args, ctx) => loadOrFail(ctx.loaders.user.load(item.actorId ?? 0), 'user'),
    }),
    joined: t.boolean({
      description: 'True for a join, false for a leave or removal.',
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
      resolve: async (item, _args, ctx) =>
        (await loadOrFail(ctx.loaders.broadcast.load(item.broadcastId ?? 0), 'broadcast')).body,
    }),
    from: t.field({
      type: User,
      nullable: true,
      description: 'The admin who sent it.',
      resolve: (item, _args, ctx) => (item.actorId ? ctx.loaders.user.load(item.actorId) : null),
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
  description: 'A user who shares a conversation with you went online or offline.',
  fields: (t) => ({
    user: t.field({
      type: User,
      description: 'Who.',
      resolve: (change, _args, ctx) => loadOrFail(ctx.loaders.user.load(change.userId), 'user'),
    }),
    online: t.exposeBoolean('online', { description: 'Online now?' }),
    at: t.field({
      type: 'DateTime',
      description: 'When it changed.',
      resolve: (change) => new Date(change.at),
    }),
  }),
});

import { unreadOf } from '../chat/reads.js';
import { listUsers } from '../chat/users.js';
import { seesInside, visibleConversation } from '../chat/visibility.js';
import { builder } from './builder.js';
import { historyPage } from './message.js';
import {
  Conversation,
  emptyConnection,
  Message,
  MessageConnection,
  User,
  UserConnection,
} from './refs.js';
import { sameForEveryRecipient } from './sharing.js';

export const ConversationKind = builder.enumType('ConversationKind', {
  values: ['DIRECT', 'ROOM'] as const,
});

builder.node(Conversation, {
  description: 'A DIRECT conversation between two users, or a group ROOM.',
  id: { resolve: (c) => c.id, ...sameForEveryRecipient },
  loadOne: (id, ctx) => visibleConversation(ctx.loaders, Number(id)),
  fields: (t) => ({
    kind: t.field({
      type: ConversationKind,
      description: 'DIRECT or ROOM.',
      ...sameForEveryRecipient,
      resolve: (c) => c.kind,
    }),
    title: t.exposeString('title', {
      nullable: true,
      description: "A room's title; null for DIRECT.",
      ...sameForEveryRecipient,
    }),
    isPrivate: t.exposeBoolean('isPrivate', {
      description: 'A private room is joined only by invitation and never listed.',
      ...sameForEveryRecipient,
    }),
    maxMembers: t.exposeInt('maxMembers', {
      nullable: true,
      description: 'Seat limit of a room, the owner included.',
      ...sameForEveryRecipient,
    }),
    memberCount: t.exposeInt('memberCount', {
      description: 'How many members it has now.',
      ...sameForEveryRecipient,
    }),
    owner: t.field({
      type: User,
      nullable: true,
      description: "The room's owner; null for DIRECT and the default room.",
      ...sameForEveryRecipient,
      resolve: (c, _args, ctx) => (c.ownerId ? ctx.loaders.user.load(c.ownerId) : null),
    }),
    members: t.connection(
      {
        type: User,
        description: 'Members by username.',
        resolve: async (c, args, ctx) => {
          if (!(await seesInside(ctx.loaders, c.id))) return emptyConnection;
          return listUsers(ctx.deps, args, { conversationId: c.id });
        },
      },
      UserConnection,
    ),
    lastMessage: t.field({
      type: Message,
      nullable: true,
      description: 'The newest message (for members).',
      resolve: async (c, _args, ctx) => {
        if (!c.lastMessageId || !(await seesInside(ctx.loaders, c.id))) return null;
        return ctx.loaders.message.load(c.lastMessageId);
      },
    }),
    lastActivityAt: t.field({
      type: 'DateTime',
      description: 'When the last message was sent (creation time when empty).',
      ...sameForEveryRecipient,
      resolve: (c) => c.lastActivityAt,
    }),
    unreadCount: t.int({
      description: "Messages from others after the viewer's read position (recalled ones skipped).",
      resolve: async (c, _args, ctx) =>
        unreadOf(ctx.deps, c, (await ctx.loaders.membership.load(c.id))?.readSeq ?? null),
    }),
    messages: t.connection(
      {
        type: Message,
        description:
          'History, oldest first. `last: N` is the newest N; `before` pages back. `since` inclusive, `until` exclusive.',
        args: {
          since: t.arg({ type: 'DateTime', required: false }),
          until: t.arg({ type: 'DateTime', required: false }),
        },
        resolve: (c, args, ctx) => historyPage(ctx, c.id, args),
      },
      MessageConnection,
    ),
  }),
});

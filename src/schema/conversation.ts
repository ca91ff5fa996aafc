import { mutedUntilOf } from '../chat/people/mute.js';
import { unreadOf } from '../chat/reads.js';
import { listUsers } from '../chat/users.js';
import { seesInside, seesNow, visibleConversation } from '../chat/visibility.js';
import { builder } from './builder.js';
import { limitPage } from './limits.js';
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
    // Title, size, owner and activity are the room as it is now: per viewer, since an event
    // can name a private room the viewer has left (see seesNow).
    title: t.string({
      nullable: true,
      description: "A room's title; null for DIRECT, and for a private room you have left.",
      resolve: async (c, _args, ctx) => ((await seesNow(ctx.loaders, c)) ? c.title : null),
    }),
    description: t.string({
      nullable: true,
      description: "A room's description (updateRoom); null when none, and as `title` is.",
      resolve: async (c, _args, ctx) => ((await seesNow(ctx.loaders, c)) ? c.description : null),
    }),
    isPrivate: t.exposeBoolean('isPrivate', {
      description: 'A private room is joined only by invitation and never listed.',
      ...sameForEveryRecipient,
    }),
    maxMembers: t.int({
      nullable: true,
      description: 'Seat limit of a room, the owner included (null for a private room you left).',
      resolve: async (c, _args, ctx) => ((await seesNow(ctx.loaders, c)) ? c.maxMembers : null),
    }),
    memberCount: t.int({
      description: 'How many members it has now (0 for a private room you have left).',
      resolve: async (c, _args, ctx) => ((await seesNow(ctx.loaders, c)) ? c.memberCount : 0),
    }),
    owner: t.field({
      type: User,
      nullable: true,
      description:
        "The room's owner; null for DIRECT, the default room, and a private room you have left.",
      resolve: async (c, _args, ctx) =>
        c.ownerId && (await seesNow(ctx.loaders, c)) ? ctx.loaders.user.load(c.ownerId) : null,
    }),
    members: t.connection(
      {
        type: User,
        description: 'Members by username.',
        resolve: async (c, args, ctx) => {
          if (!(await seesInside(ctx.loaders, c.id))) return emptyConnection;
          await limitPage(ctx, args);
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
      description:
        'When the last message was sent (creation time when empty, and for a private room you left).',
      resolve: async (c, _args, ctx) =>
        (await seesNow(ctx.loaders, c)) ? c.lastActivityAt : c.createdAt,
    }),
    unreadCount: t.int({
      description: "Messages from others after the viewer's read position (recalled ones skipped).",
      resolve: async (c, _args, ctx) =>
        unreadOf(ctx.deps, c, (await ctx.loaders.membership.load(c.id))?.readSeq ?? null),
    }),
    mutedUntil: t.field({
      type: 'DateTime',
      nullable: true,
      description:
        'Until when you muted it (muteConversation): its messages reach you with `notify: false` unless they mention you. Null when not muted, or the mute is over.',
      resolve: async (c, _args, ctx) =>
        mutedUntilOf(await ctx.loaders.membership.load(c.id), ctx.deps.clock.now()),
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

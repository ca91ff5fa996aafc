import { muteConversation } from '../../chat/people/mute.js';
import { setStatus } from '../../chat/people/status.js';
import { builder } from '../builder.js';
import { TypingEvent } from '../events.js';
import { idOf } from '../global-id.js';
import { Loaders, rowsOfBatch } from '../loaders.js';
import { Conversation, User } from '../refs.js';
import { UserStatusEnum } from '../user.js';

builder.mutationFields((t) => ({
  setTyping: t.withAuth({ loggedIn: true }).boolean({
    description:
      'Tells the other members you are typing (or stopped). Call it again at least every 6 seconds while typing (repeats within 2 s are dropped without an error).',
    args: {
      conversationId: t.arg.id({ required: true }),
      typing: t.arg.boolean({ required: false, defaultValue: true }),
    },
    resolve: async (_root, args, ctx) => {
      await ctx.deps.typing.set(
        ctx.viewer.id,
        idOf(String(args.conversationId), 'Conversation'),
        args.typing ?? true,
      );
      return true;
    },
  }),
  setStatus: t.withAuth({ loggedIn: true }).field({
    type: User,
    description:
      'Sets your status and its text (1–100 characters; null clears it). Kept until changed; those who see your presence get a PresenceEvent.',
    args: {
      status: t.arg({ type: UserStatusEnum, required: true }),
      text: t.arg.string({ required: false }),
    },
    resolve: async (_root, args, ctx) => {
      const user = await setStatus(ctx.deps, ctx.viewer.id, args.status, args.text);
      ctx.loaders.user.prime(user.id, user);
      return user;
    },
  }),
  muteConversation: t.withAuth({ loggedIn: true }).field({
    type: Conversation,
    description:
      'Mutes a conversation of yours until `until`: its messages reach you with `notify: false` unless they mention you. Null (or a moment past) unmutes.',
    args: {
      conversationId: t.arg.id({ required: true }),
      until: t.arg({ type: 'DateTime', required: false }),
    },
    resolve: async (_root, args, ctx) => {
      const conversationId = idOf(String(args.conversationId), 'Conversation');
      const conversation = await muteConversation(
        ctx.deps,
        ctx.viewer.id,
        conversationId,
        args.until ?? null,
      );
      ctx.loaders.rows.forgetMembership(ctx.viewer.id, conversationId);
      return conversation;
    },
  }),
}));

builder.subscriptionFields((t) => ({
  typing: t.withAuth({ loggedIn: true }).field({
    type: TypingEvent,
    description:
      'Other members starting and stopping to type: in one conversation of yours, or in all of them when `conversationId` is absent. Live only (nothing is replayed).',
    args: { conversationId: t.arg.id({ required: false }) },
    subscribe: (_root, args, ctx) =>
      ctx.deps.typing.watch(
        ctx.viewer.id,
        args.conversationId == null ? null : idOf(String(args.conversationId), 'Conversation'),
      ),
    resolve: (change, _args, ctx) => {
      // Rows shared by every subscriber of this change on the instance.
      ctx.loaders = new Loaders(rowsOfBatch(ctx.deps, change), ctx.viewer.id);
      return change;
    },
  }),
}));

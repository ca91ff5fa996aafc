import { listConversations } from '../../chat/conversations.js';
import { markRead, unreadCounts } from '../../chat/reads.js';
import { visibleConversation } from '../../chat/visibility.js';
import { builder } from '../builder.js';
import { idOf } from '../global-id.js';
import { limitPage } from '../limits.js';
import { Conversation, ConversationConnection } from '../refs.js';
import { UnreadCounts } from '../unread.js';

builder.queryFields((t) => ({
  conversations: t.withAuth({ loggedIn: true }).connection(
    {
      type: Conversation,
      description: 'Your conversations, latest activity first.',
      resolve: async (_root, args, ctx) => {
        await limitPage(ctx, args);
        return listConversations(ctx.deps, ctx.viewer.id, args);
      },
    },
    ConversationConnection as never,
  ),
  conversation: t.withAuth({ loggedIn: true }).field({
    type: Conversation,
    nullable: true,
    description: 'A conversation you are in, or a public room; null otherwise.',
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, args, ctx) =>
      visibleConversation(ctx.loaders, idOf(String(args.id), 'Conversation')),
  }),
  unreadCounts: t.withAuth({ loggedIn: true }).field({
    type: UnreadCounts,
    description: 'Unread messages per conversation (only those above zero) and their total.',
    resolve: async (_root, _args, ctx) => {
      const conversations = await unreadCounts(ctx.deps, ctx.viewer.id);
      for (const { conversation } of conversations) {
        ctx.loaders.conversation.prime(conversation.id, conversation);
      }
      return { total: conversations.reduce((sum, c) => sum + c.count, 0), conversations };
    },
  }),
}));

builder.mutationFields((t) => ({
  markRead: t.withAuth({ loggedIn: true }).field({
    type: Conversation,
    description:
      'Moves your read position forward to `upTo` (a message id), or to the latest message.',
    args: { conversationId: t.arg.id({ required: true }), upTo: t.arg.id() },
    resolve: (_root, args, ctx) =>
      markRead(
        ctx.deps,
        ctx.viewer.id,
        idOf(String(args.conversationId), 'Conversation'),
        args.upTo == null ? null : idOf(String(args.upTo), 'Message'),
      ),
  }),
}));

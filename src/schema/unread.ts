import type { ConversationRow } from '../chat/conversations.js';
import { builder } from './builder.js';
import { Conversation } from './refs.js';

interface ConversationUnreadShape {
  conversation: ConversationRow;
  count: number;
}

export const ConversationUnread = builder
  .objectRef<ConversationUnreadShape>('ConversationUnread')
  .implement({
    description: 'Unread messages of one conversation.',
    fields: (t) => ({
      conversation: t.field({
        type: Conversation,
        description: 'The conversation.',
        resolve: (u) => u.conversation,
      }),
      count: t.exposeInt('count', {
        description: 'Messages from others after your read position (> 0).',
      }),
    }),
  });

export const UnreadCounts = builder
  .objectRef<{ total: number; conversations: ConversationUnreadShape[] }>('UnreadCounts')
  .implement({
    description: 'Your unread messages across conversations.',
    fields: (t) => ({
      total: t.exposeInt('total', { description: 'The sum over conversations.' }),
      conversations: t.field({
        type: [ConversationUnread],
        description: 'Only conversations with unread messages, latest activity first.',
        resolve: (u) => u.conversations,
      }),
    }),
  });

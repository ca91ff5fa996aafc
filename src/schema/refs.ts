import type { ConversationRow } from '../chat/conversations.js';
import type { MessageRow } from '../chat/messages/rows.js';
import type { SearchEdge, TextRange as TextRangeData } from '../chat/messages/search.js';
import type { UserRow } from '../chat/user-row.js';
import { builder } from './builder.js';

// Object refs and connections in one place, so type files can refer to each other
// without import cycles; each type file implements its ref.
export const User = builder.objectRef<UserRow>('User');
export const Conversation = builder.objectRef<ConversationRow>('Conversation');
export const Message = builder.objectRef<MessageRow>('Message');

export const UserConnection = builder.connectionObject({ type: User, name: 'UserConnection' });
export const ConversationConnection = builder.connectionObject({
  type: Conversation,
  name: 'ConversationConnection',
});
export const TextRange = builder.objectRef<TextRangeData>('TextRange');

export const MessageConnection = builder.connectionObject(
  { type: Message, name: 'MessageConnection' },
  {
    name: 'MessageEdge',
    fields: (t) => ({
      highlights: t.field({
        type: [TextRange],
        nullable: true,
        description:
          'Search results only (null elsewhere): where the words of the query are in `body`.',
        // A few per message as a rule; the body's length bounds them (see query-cost.ts).
        extensions: { costItems: 10 },
        resolve: (edge) => (edge as Partial<SearchEdge>).highlights ?? null,
      }),
    }),
  },
);

export const emptyConnection = {
  edges: [],
  pageInfo: { hasNextPage: false, hasPreviousPage: false, startCursor: null, endCursor: null },
};

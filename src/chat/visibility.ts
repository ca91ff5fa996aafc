import { type ConversationRow, isVisible, type MemberRow } from './conversations.js';
import type { MessageRow } from './messages/rows.js';

/** Reads one row by id; a DataLoader fits, so per-request caching stays with the caller. */
export interface RowReader<Row> {
  load(id: number): Row | Promise<Row>;
}

/** The rows a viewer's visibility rules read: the caller's per-request loaders. */
export interface ViewerRows {
  conversation: RowReader<ConversationRow | null>;
  message: RowReader<MessageRow | null>;
  /** The viewer's membership of a conversation; null when not a member. */
  membership: RowReader<MemberRow | null>;
}

/** A conversation if the viewer may see it (a member, or anyone for a public room). */
export async function visibleConversation(
  rows: ViewerRows,
  id: number,
): Promise<ConversationRow | null> {
  const [conversation, member] = await Promise.all([
    rows.conversation.load(id),
    rows.membership.load(id),
  ]);
  return conversation && isVisible(conversation, member) ? conversation : null;
}

/** A message if the viewer is a member of its conversation. */
export async function visibleMessage(rows: ViewerRows, id: number): Promise<MessageRow | null> {
  const message = await rows.message.load(id);
  if (!message || !(await rows.membership.load(message.conversationId))) return null;
  return message;
}

/**
 * Whether the viewer may see a conversation as it is now (a member, or anyone for a public
 * room). An inbox event can name one they no longer may (a private room they left): they
 * get its id and kind, not its current title, size or owner.
 */
export async function seesNow(rows: ViewerRows, conversation: ConversationRow): Promise<boolean> {
  return isVisible(conversation, await rows.membership.load(conversation.id));
}

/**
 * Whether the viewer sees inside a conversation (its members, its messages): members only,
 * even of a public room, which anyone may see from outside.
 */
export async function seesInside(rows: ViewerRows, conversationId: number): Promise<boolean> {
  return (await rows.membership.load(conversationId)) !== null;
}

import { isFileUrl } from '../chat/files/urls.js';
import { type HistoryArgs, type HistoryPage, history } from '../chat/messages/history.js';
import { listReaders, type ReceiptCounts } from '../chat/receipts.js';
import { seesInside, visibleMessage } from '../chat/visibility.js';
import type { AttachmentData, MessageEditData, TextEntityData } from '../db/tables.js';
import { builder } from './builder.js';
import type { Context } from './context.js';
import { encodeGlobalId } from './global-id.js';
import { limitPage } from './limits.js';
import { Conversation, emptyConnection, Message, User, UserConnection } from './refs.js';
import { personalizedPerRecipient, sameForEveryRecipient } from './sharing.js';

export const MessageKind = builder.enumType('MessageKind', {
  values: ['TEXT', 'IMAGE', 'FILE', 'AUDIO', 'SYSTEM'] as const,
});

export const Attachment = builder.objectRef<AttachmentData>('Attachment').implement({
  description:
    'A file: uploaded (uploadAttachment), or metadata of one stored elsewhere (an external URL).',
  fields: (t) => ({
    id: t.id({
      nullable: true,
      description:
        'An uploaded file (pass it as SendInput.attachmentId); null for an external URL.',
      ...sameForEveryRecipient,
      resolve: (a) => (a.id == null ? null : encodeGlobalId('Attachment', a.id)),
    }),
    url: t.string({
      description:
        'Where the file is. An uploaded file: a link for you only, signed, that works without headers (an <img> tag) for FILE_URL_TTL_SECONDS; ask again for a fresh one.',
      // One recipient's link of a live event is made every other's (a signature each), so the
      // event still runs once per instance (src/plugins/shared-subscriptions.ts).
      ...personalizedPerRecipient((url: string, ctx: Context) =>
        ctx.viewer && isFileUrl(url) ? ctx.deps.fileUrls.forViewer(url, ctx.viewer.id) : url,
      ),
      resolve: (a, _args, ctx) =>
        a.id == null ? (a.url ?? '') : ctx.deps.fileUrls.url(a.id, ctx.viewer?.id ?? 0),
    }),
    name: t.exposeString('name', {
      nullable: true,
      description: 'The file name to show.',
      ...sameForEveryRecipient,
    }),
    mimeType: t.exposeString('mimeType', {
      nullable: true,
      description: 'type/subtype; for an uploaded file, detected from its content.',
      ...sameForEveryRecipient,
    }),
    size: t.exposeInt('size', { nullable: true, description: 'Bytes.', ...sameForEveryRecipient }),
    width: t.exposeInt('width', {
      nullable: true,
      description: 'Images: pixels across.',
      ...sameForEveryRecipient,
    }),
    height: t.exposeInt('height', {
      nullable: true,
      description: 'Images: pixels down.',
      ...sameForEveryRecipient,
    }),
  }),
});

export const TextFormat = builder.enumType('TextFormat', {
  description: 'How a body is written: PLAIN text, or MARKDOWN (CommonMark with ~~strike~~).',
  values: ['PLAIN', 'MARKDOWN'] as const,
});

export const TextEntityKind = builder.enumType('TextEntityKind', {
  values: ['BOLD', 'ITALIC', 'STRIKE', 'CODE', 'PRE', 'LINK', 'MENTION'] as const,
});

export const TextEntity = builder.objectRef<TextEntityData>('TextEntity').implement({
  description:
    'A part of the body that means something; offset and length in UTF-16 code units of `body`, markup markers included.',
  fields: (t) => ({
    kind: t.field({
      type: TextEntityKind,
      description: 'What it is.',
      ...sameForEveryRecipient,
      resolve: (e) => e.kind,
    }),
    offset: t.exposeInt('offset', { description: 'Where it starts.', ...sameForEveryRecipient }),
    length: t.exposeInt('length', { description: 'How long it is.', ...sameForEveryRecipient }),
    url: t.string({
      nullable: true,
      description: 'LINK: where it goes (http or https).',
      ...sameForEveryRecipient,
      resolve: (e) => e.url ?? null,
    }),
    user: t.field({
      type: User,
      nullable: true,
      description: 'MENTION: the member mentioned.',
      ...sameForEveryRecipient,
      resolve: (e, _args, ctx) => (e.userId ? ctx.loaders.user.load(e.userId) : null),
    }),
  }),
});

export const MessageEdit = builder.objectRef<MessageEditData>('MessageEdit').implement({
  description: 'An earlier version of an edited message.',
  fields: (t) => ({
    body: t.exposeString('body', { description: 'The text it had.', ...sameForEveryRecipient }),
    editedAt: t.field({
      type: 'DateTime',
      description: 'When this version was replaced by the next.',
      ...sameForEveryRecipient,
      resolve: (edit) => new Date(edit.editedAt),
    }),
  }),
});

export const Receipt = builder.objectRef<ReceiptCounts>('Receipt').implement({
  description:
    'How far a message got, among the members of its conversation other than its sender.',
  fields: (t) => ({
    recipients: t.exposeInt('recipients', {
      description: 'Members now, other than the sender.',
      ...sameForEveryRecipient,
    }),
    delivered: t.exposeInt('delivered', {
      description: 'Of them, those a device of whose got it (reading counts too).',
      ...sameForEveryRecipient,
    }),
    read: t.exposeInt('read', {
      description: 'Of them, those whose read position reached it.',
      ...sameForEveryRecipient,
    }),
  }),
});

/**
 * A history page for the viewer; the senders came with it, so `sender` costs no query.
 * (The viewer id 0 matches no membership: the domain answers NOT_FOUND.)
 */
export async function historyPage(
  ctx: Context,
  conversationId: number,
  args: HistoryArgs,
): Promise<HistoryPage> {
  await limitPage(ctx, args);
  const page = await history(ctx.deps, ctx.viewer?.id ?? 0, conversationId, args);
  for (const sender of page.senders) ctx.loaders.user.prime(sender.id, sender);
  return page;
}

builder.node(Message, {
  description: 'A message in a conversation.',
  id: { resolve: (m) => m.id, ...sameForEveryRecipient },
  loadOne: (id, ctx) => visibleMessage(ctx.loaders, Number(id)),
  fields: (t) => ({
    conversation: t.field({
      type: Conversation,
      description: 'Where it was sent.',
      ...sameForEveryRecipient,
      // A message is reached only through a conversation the viewer is in, or their own
      // inbox (which may hold a room they left since), so no visibility check here.
      resolve: async (m, _args, ctx) => {
        const conversation = await ctx.loaders.conversation.load(m.conversationId);
        if (!conversation) throw new Error(`message ${m.id} has no conversation`);
        return conversation;
      },
    }),
    sender: t.field({
      type: User,
      nullable: true,
      description: 'Who sent it; null for SYSTEM.',
      ...sameForEveryRecipient,
      resolve: (m, _args, ctx) => (m.senderId ? ctx.loaders.user.load(m.senderId) : null),
    }),
    kind: t.field({
      type: MessageKind,
      description: 'What it carries.',
      resolve: (m) => m.kind,
      ...sameForEveryRecipient,
    }),
    body: t.exposeString('body', {
      description: 'The text (a caption for attachments).',
      ...sameForEveryRecipient,
    }),
    attachment: t.field({
      type: Attachment,
      nullable: true,
      description: 'File metadata for IMAGE, FILE and AUDIO.',
      ...sameForEveryRecipient,
      resolve: (m) => m.attachment,
    }),
    replyTo: t.field({
      type: Message,
      nullable: true,
      description: 'The message this one answers.',
      ...sameForEveryRecipient,
      resolve: (m, _args, ctx) => (m.replyToId ? ctx.loaders.message.load(m.replyToId) : null),
    }),
    clientId: t.exposeString('clientId', {
      nullable: true,
      description: "The sender's idempotency key.",
      ...sameForEveryRecipient,
    }),
    createdAt: t.field({
      type: 'DateTime',
      description: 'When the server stored it.',
      ...sameForEveryRecipient,
      resolve: (m) => m.createdAt,
    }),
    format: t.field({
      type: TextFormat,
      description: 'How the body is written.',
      ...sameForEveryRecipient,
      resolve: (m) => m.format,
    }),
    entities: t.field({
      type: [TextEntity],
      description:
        'Parsed by the server: MARKDOWN markup, and links and @mentions of members in PLAIN too; empty once recalled.',
      // A few per message as a rule; the body's length bounds them (query cost, see query-cost.ts).
      extensions: { ...sameForEveryRecipient.extensions, costItems: 10 },
      resolve: (m) => m.entities ?? [],
    }),
    editedAt: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'When its sender last edited it; null when never.',
      ...sameForEveryRecipient,
      resolve: (m) => m.editedAt,
    }),
    edits: t.field({
      type: [MessageEdit],
      description: 'Earlier versions, oldest first; empty when never edited, and once recalled.',
      // At most 100 kept, a few as a rule (query cost, see query-cost.ts).
      extensions: { ...sameForEveryRecipient.extensions, costItems: 10 },
      resolve: (m) => m.edits ?? [],
    }),
    // Per viewer (not declared the same for every recipient): the original may be in a
    // conversation one recipient is in and another is not.
    forwardedFrom: t.field({
      type: Message,
      nullable: true,
      description: 'The message this one is a copy of; null when you may not see it.',
      resolve: (m, _args, ctx) =>
        m.forwardOfId ? visibleMessage(ctx.loaders, m.forwardOfId) : null,
    }),
    deletedAt: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'When it was recalled: then body is "" and it has no attachment or edits.',
      ...sameForEveryRecipient,
      resolve: (m) => m.deletedAt,
    }),
    // Per viewer: the sender's view only.
    receipt: t.field({
      type: Receipt,
      nullable: true,
      description:
        'Delivered and read counts among the other members: for the sender only, null for everyone else.',
      resolve: (m, _args, ctx) =>
        m.senderId !== null && ctx.viewer?.id === m.senderId ? ctx.loaders.receipt.load(m) : null,
    }),
    // Per viewer: members of the conversation only.
    readBy: t.connection(
      {
        type: User,
        description:
          'Members other than the sender whose read position reached it, by username; for members of the conversation (empty for anyone else).',
        resolve: async (m, args, ctx) => {
          if (!(await seesInside(ctx.loaders, m.conversationId))) return emptyConnection;
          await limitPage(ctx, args);
          return listReaders(ctx.deps, m, args);
        },
      },
      UserConnection,
    ),
  }),
});

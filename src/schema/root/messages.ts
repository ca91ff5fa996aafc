import { editMessage } from '../../chat/messages/edit.js';
import { recallMessage } from '../../chat/messages/recall.js';
import { searchMessages } from '../../chat/messages/search.js';
import { send } from '../../chat/messages/send.js';
import { boundRecipients, MAX_SEND_TO_MANY, sendToMany } from '../../chat/messages/send-to-many.js';
import { visibleMessage } from '../../chat/visibility.js';
import { builder } from '../builder.js';
import { idOf } from '../global-id.js';
import { historyPage, MessageKind, TextFormat } from '../message.js';
import { Message, MessageConnection } from '../refs.js';

const AttachmentInput = builder.inputType('AttachmentInput', {
  description: 'Metadata of an uploaded file.',
  fields: (t) => ({
    url: t.string({ required: true, description: 'An http(s) URL.' }),
    name: t.string({ description: 'File name.' }),
    mimeType: t.string({ description: 'type/subtype.' }),
    size: t.int({ description: 'Bytes.' }),
  }),
});

const SendInput = builder.inputType('SendInput', {
  description: 'A message to send: give exactly one of conversationId and toUserId.',
  fields: (t) => ({
    conversationId: t.id({ description: 'A conversation you are a member of.' }),
    toUserId: t.id({
      description: 'A direct message; the DIRECT conversation is made on first use.',
    }),
    body: t.string({ required: true, description: '1–4000 characters, not only white space.' }),
    kind: t.field({
      type: MessageKind,
      defaultValue: 'TEXT',
      description: 'SYSTEM is reserved for the server.',
    }),
    attachment: t.field({
      type: AttachmentInput,
      description: 'A file stored elsewhere; IMAGE, FILE and AUDIO need this or attachmentId.',
    }),
    attachmentId: t.id({
      description:
        'A file you uploaded (uploadAttachment); IMAGE, FILE and AUDIO need this or attachment.',
    }),
    replyToId: t.id({ description: 'A message of the same conversation.' }),
    clientId: t.string({
      description: 'Idempotency key: the same sender and clientId give back the first message.',
    }),
    format: t.field({
      type: TextFormat,
      defaultValue: 'PLAIN',
      description: 'How the body is written; the server finds its entities.',
    }),
    forwardOfId: t.id({
      description:
        'Forward: copies body, kind and attachment of a message you can see (then pass body "" and no attachment).',
    }),
  }),
});

const SendToManyInput = builder.inputType('SendToManyInput', {
  description: "One message into each user's DIRECT conversation with you, all or nothing.",
  fields: (t) => ({
    toUserIds: t.idList({
      required: true,
      description: `1–${MAX_SEND_TO_MANY} users (a repeated id counts once); not you.`,
    }),
    body: t.string({ required: true, description: '1–4000 characters, not only white space.' }),
    kind: t.field({
      type: MessageKind,
      defaultValue: 'TEXT',
      description: 'SYSTEM is reserved for the server; IMAGE, FILE and AUDIO need an attachment.',
    }),
    format: t.field({
      type: TextFormat,
      defaultValue: 'PLAIN',
      description: 'How the body is written; the server finds its entities.',
    }),
    attachmentId: t.id({
      description: 'A file you uploaded (uploadAttachment), sent with every message.',
    }),
    clientId: t.string({
      description:
        "Idempotency key of the whole call: the same sender and clientId give back the first call's messages.",
    }),
  }),
});

const historyArgs = (t: Parameters<Parameters<typeof builder.queryFields>[0]>[0]) => ({
  since: t.arg({
    type: 'DateTime',
    description: 'Only messages created at or after this instant.',
  }),
  until: t.arg({ type: 'DateTime', description: 'Only messages created before this instant.' }),
});

builder.queryFields((t) => ({
  messages: t.withAuth({ loggedIn: true }).connection(
    {
      type: Message,
      description:
        "A conversation's history, oldest first; `last: N` is the newest N, `before` pages back.",
      args: { conversationId: t.arg.id({ required: true }), ...historyArgs(t) },
      resolve: (_root, args, ctx) =>
        historyPage(ctx, idOf(String(args.conversationId), 'Conversation'), args),
    },
    MessageConnection as never,
  ),
  message: t.withAuth({ loggedIn: true }).field({
    type: Message,
    nullable: true,
    description: 'A message of one of your conversations; null otherwise.',
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, args, ctx) => visibleMessage(ctx.loaders, idOf(String(args.id), 'Message')),
  }),
  searchMessages: t.withAuth({ loggedIn: true }).connection(
    {
      type: Message,
      description:
        'Messages with every word of the query (whole words, any case; `word*` also finds longer forms; Chinese and other text is found anywhere) in your conversations, newest first, with `highlights` on each edge.',
      args: {
        query: t.arg.string({ required: true }),
        conversationId: t.arg.id({ description: 'Only this conversation (you are a member).' }),
        from: t.arg.id({ description: 'Only messages this user sent.' }),
        since: t.arg({ type: 'DateTime', description: 'Only messages sent at or after.' }),
        until: t.arg({ type: 'DateTime', description: 'Only messages sent before.' }),
      },
      resolve: (_root, args, ctx) =>
        searchMessages(
          ctx.deps,
          ctx.viewer.id,
          args.query,
          {
            conversationId:
              args.conversationId == null
                ? null
                : idOf(String(args.conversationId), 'Conversation'),
            fromId: args.from == null ? null : idOf(String(args.from), 'User'),
            since: args.since ?? null,
            until: args.until ?? null,
          },
          args,
        ),
    },
    MessageConnection as never,
  ),
}));

builder.mutationFields((t) => ({
  send: t.withAuth({ loggedIn: true }).field({
    type: Message,
    description: 'Sends a message to a conversation or, with toUserId, directly to a user.',
    args: { input: t.arg({ type: SendInput, required: true }) },
    resolve: (_root, { input }, ctx) =>
      send(ctx.deps, ctx.viewer.id, {
        conversationId:
          input.conversationId == null ? null : idOf(String(input.conversationId), 'Conversation'),
        toUserId: input.toUserId == null ? null : idOf(String(input.toUserId), 'User'),
        body: input.body,
        kind: input.kind ?? 'TEXT',
        attachment: input.attachment,
        replyToId: input.replyToId == null ? null : idOf(String(input.replyToId), 'Message'),
        clientId: input.clientId ?? null,
        format: input.format ?? 'PLAIN',
        forwardOfId: input.forwardOfId == null ? null : idOf(String(input.forwardOfId), 'Message'),
        attachmentId:
          input.attachmentId == null ? null : idOf(String(input.attachmentId), 'Attachment'),
      }),
  }),
  sendToMany: t.withAuth({ loggedIn: true }).field({
    type: [Message],
    description:
      "Sends one message into each user's DIRECT conversation (made on first use): all or nothing, one per distinct user in the order named. Counts as one send per user against the rate limit.",
    args: { input: t.arg({ type: SendToManyInput, required: true }) },
    resolve: (_root, { input }, ctx) => {
      // Bounded before any id is decoded.
      boundRecipients(input.toUserIds.length);
      return sendToMany(ctx.deps, ctx.viewer.id, {
        toUserIds: input.toUserIds.map((id) => idOf(String(id), 'User')),
        body: input.body,
        kind: input.kind ?? 'TEXT',
        format: input.format ?? 'PLAIN',
        attachmentId:
          input.attachmentId == null ? null : idOf(String(input.attachmentId), 'Attachment'),
        clientId: input.clientId ?? null,
      });
    },
  }),
  editMessage: t.withAuth({ loggedIn: true }).field({
    type: Message,
    description:
      'Replaces the body of your message within the edit window (EDIT_WINDOW_SECONDS); every member gets a MessageEditedEvent.',
    args: {
      id: t.arg.id({ required: true }),
      body: t.arg.string({
        required: true,
        description: '1–4000 characters, not only white space.',
      }),
    },
    resolve: (_root, args, ctx) =>
      editMessage(ctx.deps, ctx.viewer.id, idOf(String(args.id), 'Message'), args.body),
  }),
  deleteMessage: t.withAuth({ loggedIn: true }).field({
    type: Message,
    description:
      'Recalls a message, leaving a tombstone: yours within RECALL_WINDOW_SECONDS, any in a room you own, any as an ADMIN. Every member gets a MessageDeletedEvent.',
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, args, ctx) =>
      recallMessage(ctx.deps, ctx.viewer.id, idOf(String(args.id), 'Message')),
  }),
}));

import type { InboxItem } from '../../chat/inbox/item.js';
import { watchPresence } from '../../chat/presence.js';
import { builder } from '../builder.js';
import { type Context, refreshLoaders } from '../context.js';
import { InboxEvent, PresenceEvent } from '../events.js';

/**
 * Starts an event's execution from rows shared by every subscriber of this instance, so a
 * message to a room of 200 costs one read of the message and its sender, not 200. When
 * both are already here the event needs no promise at all (returns false).
 */
function primeFromSharedRows(ctx: Context, item: InboxItem): Promise<void> | false {
  const { rows } = ctx.deps;
  if (item.messageId === null) return false;
  const message = rows.peekMessage(item.messageId);
  const sender = message?.senderId ? rows.peekUser(message.senderId) : undefined;
  if (message && (message.senderId === null || sender)) {
    // Read through knownMessages/knownUsers: no DataLoader is even made for them.
    ctx.knownMessages.set(message.id, message);
    if (sender) ctx.knownUsers.set(sender.id, sender);
    return false;
  }
  return (async () => {
    const loaded = await rows.message.load(item.messageId as number);
    if (!loaded) return;
    ctx.loaders.message.prime(loaded.id, loaded);
    if (loaded.senderId === null) return;
    const by = await rows.user.load(loaded.senderId);
    if (by) ctx.loaders.user.prime(by.id, by);
  })();
}

builder.subscriptionFields((t) => ({
  inbox: t.withAuth({ loggedIn: true }).field({
    type: InboxEvent,
    description:
      'Your events in order: the stored ones after `after` (or your offline inbox when absent), then live ones. No gaps, no duplicates.',
    args: { after: t.arg.string({ description: 'The cursor of the last event you handled.' }) },
    subscribe: (_root, args, ctx) => ctx.deps.inbox.open(ctx.viewer.id, args.after),
    resolve: (item, _args, ctx) => {
      refreshLoaders(ctx);
      const priming = primeFromSharedRows(ctx, item);
      return priming ? priming.then(() => item) : item;
    },
  }),
  presence: t.withAuth({ loggedIn: true }).field({
    type: PresenceEvent,
    description: 'Each online/offline change of every user who shares a conversation with you.',
    subscribe: (_root, _args, ctx) => watchPresence(ctx.deps, ctx.viewer.id),
    resolve: (change, _args, ctx) => {
      refreshLoaders(ctx);
      return change;
    },
  }),
}));

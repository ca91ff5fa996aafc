import type { InboxItem } from '../../chat/inbox/item.js';
import { watchPresence } from '../../chat/presence.js';
import { builder } from '../builder.js';
import type { Context } from '../context.js';
import { InboxEvent, PresenceEvent } from '../events.js';
import { Loaders, rowsOfBatch } from '../loaders.js';
import { rowsOfEvent, selectsField, withNotify } from '../notify.js';

/**
 * Each event reads rows shared with every other recipient of it on this instance (one
 * doorbell, or one replay page), so a message to a room of 200 loads its message, sender and
 * conversation once, not 200 times. A message this instance just wrote is not read back.
 */
function loadersForEvent(ctx: Context & { viewer: { id: number } }, item: InboxItem): Loaders {
  return new Loaders(rowsOfEvent(ctx.deps, item), ctx.viewer.id);
}

builder.subscriptionFields((t) => ({
  inbox: t.withAuth({ loggedIn: true }).field({
    type: InboxEvent,
    description:
      'Your events in order: the stored ones after `after` (or your offline inbox when absent), then live ones. No gaps, no duplicates.',
    args: { after: t.arg.string({ description: 'The cursor of the last event you handled.' }) },
    subscribe: async (_root, args, ctx, info) => {
      const stream = await ctx.deps.inbox.open(ctx.viewer.id, args.after);
      // Only documents that ask for `notify` pay for working it out ahead.
      return selectsField(info, 'notify') ? withNotify(ctx.deps, stream) : stream;
    },
    resolve: (item, _args, ctx) => {
      ctx.loaders = loadersForEvent(ctx, item);
      return item;
    },
  }),
  presence: t.withAuth({ loggedIn: true }).field({
    type: PresenceEvent,
    description: 'Each online/offline change of every user who shares a conversation with you.',
    subscribe: (_root, _args, ctx) => watchPresence(ctx.deps, ctx.viewer.id),
    resolve: (change, _args, ctx) => {
      ctx.loaders = new Loaders(rowsOfBatch(ctx.deps, change), ctx.viewer.id);
      return change;
    },
  }),
}));

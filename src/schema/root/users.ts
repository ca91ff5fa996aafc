import { listUsers } from '../../chat/users.js';
import { builder } from '../builder.js';
import { idOf } from '../global-id.js';
import { limitPage } from '../limits.js';
import { User, UserConnection } from '../refs.js';
import { PresenceFilter } from '../user.js';

builder.queryFields((t) => ({
  user: t.withAuth({ loggedIn: true }).field({
    type: User,
    nullable: true,
    description: 'A user by id; null when unknown.',
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, args, ctx) => ctx.loaders.user.load(idOf(String(args.id), 'User')),
  }),
  users: t.withAuth({ loggedIn: true }).connection(
    {
      type: User,
      description: 'Every user by username; `presence` keeps only those online or offline.',
      args: { presence: t.arg({ type: PresenceFilter, defaultValue: 'ALL', required: false }) },
      resolve: async (_root, args, ctx) => {
        await limitPage(ctx, args);
        const presence = args.presence ?? 'ALL';
        if (presence === 'ALL') return listUsers(ctx.deps, args);
        const online = await ctx.deps.presence.onlineUserIds();
        return listUsers(ctx.deps, args, { ids: online, include: presence === 'ONLINE' });
      },
    },
    UserConnection as never,
  ),
}));

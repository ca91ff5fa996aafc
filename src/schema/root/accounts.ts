import {
  changePassword,
  forceLogOut,
  logOut,
  logOutEverywhere,
  suspendUser,
  updateProfile,
} from '../../chat/accounts.js';
import { builder } from '../builder.js';
import { idOf } from '../global-id.js';
import { User } from '../refs.js';
import { AuthPayload } from '../user.js';

const userId = (id: string | number) => idOf(String(id), 'User');

builder.mutationFields((t) => ({
  updateProfile: t.withAuth({ loggedIn: true }).field({
    type: User,
    description: 'Sets your display name (1–64 characters); everyone sees it, in history too.',
    args: { displayName: t.arg.string({ required: true }) },
    resolve: (_root, args, ctx) => updateProfile(ctx.deps, ctx.viewer.id, args.displayName),
  }),
  changePassword: t.withAuth({ loggedIn: true }).field({
    type: AuthPayload,
    description:
      'Changes your password (`current` must be right); every other token of yours stops working: use the one returned.',
    args: {
      current: t.arg.string({ required: true }),
      new: t.arg.string({ required: true }),
    },
    resolve: (_root, args, ctx) =>
      changePassword(ctx.deps, ctx.viewer.id, { current: args.current, new: args.new }),
  }),
  logOut: t.withAuth({ loggedIn: true }).boolean({
    description: 'Ends the token this request came with, on every instance, at once.',
    resolve: (_root, _args, ctx) => logOut(ctx.deps, ctx.viewer.token),
  }),
  logOutEverywhere: t.withAuth({ loggedIn: true }).boolean({
    description: 'Ends every token of yours, this one too; open sockets close with 4403.',
    resolve: (_root, _args, ctx) => logOutEverywhere(ctx.deps, ctx.viewer.id),
  }),
  forceLogOut: t.withAuth({ admin: true }).boolean({
    description: 'ADMIN only: ends every token of a user; they may log in again.',
    args: { userId: t.arg.id({ required: true }) },
    resolve: (_root, args, ctx) => forceLogOut(ctx.deps, ctx.viewer.id, userId(args.userId)),
  }),
  suspendUser: t.withAuth({ admin: true }).field({
    type: User,
    description:
      'ADMIN only: the user cannot log in, send or subscribe until `until` (null lifts it); their tokens are refused meanwhile.',
    args: { userId: t.arg.id({ required: true }), until: t.arg({ type: 'DateTime' }) },
    resolve: (_root, args, ctx) =>
      suspendUser(ctx.deps, ctx.viewer.id, userId(args.userId), args.until ?? null),
  }),
}));

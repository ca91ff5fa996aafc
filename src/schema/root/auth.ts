import { unauthenticated } from '../../chat/errors.js';
import { logIn, signUp } from '../../chat/users.js';
import { builder } from '../builder.js';
import { User } from '../refs.js';
import { AuthPayload } from '../user.js';

builder.mutationFields((t) => ({
  signUp: t.field({
    type: AuthPayload,
    description:
      'Creates an account and signs in. Username: 3–32 letters, digits, `_.-`; password: 8–128.',
    args: {
      username: t.arg.string({ required: true }),
      password: t.arg.string({ required: true }),
      displayName: t.arg.string(),
    },
    resolve: (_root, args, ctx) => signUp(ctx.deps, args, ctx.clientAddress),
  }),
  logIn: t.field({
    type: AuthPayload,
    description: 'Signs in; an unknown user and a wrong password give the same error.',
    args: {
      username: t.arg.string({ required: true }),
      password: t.arg.string({ required: true }),
    },
    resolve: (_root, args, ctx) => logIn(ctx.deps, args, ctx.clientAddress),
  }),
}));

builder.queryFields((t) => ({
  me: t.withAuth({ loggedIn: true }).field({
    type: User,
    description: 'The signed-in user.',
    resolve: async (_root, _args, ctx) => {
      const user = await ctx.loaders.user.load(ctx.viewer.id);
      if (!user) throw unauthenticated('Your account no longer exists: sign up again');
      return user;
    },
  }),
}));

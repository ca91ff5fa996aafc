import type { AuthResult } from '../chat/users.js';
import { builder } from './builder.js';
import { User } from './refs.js';
import { sameForEveryRecipient } from './sharing.js';

export const Role = builder.enumType('Role', { values: ['USER', 'ADMIN'] as const });
export const UserStatusEnum = builder.enumType('UserStatus', {
  description: 'What a user says about being reachable; DO_NOT_DISTURB silences notify.',
  values: ['AVAILABLE', 'AWAY', 'BUSY', 'DO_NOT_DISTURB'] as const,
});
export const PresenceFilter = builder.enumType('PresenceFilter', {
  values: ['ALL', 'ONLINE', 'OFFLINE'] as const,
});

builder.node(User, {
  description: 'A person with an account.',
  id: { resolve: (user) => user.id, ...sameForEveryRecipient },
  loadOne: (id, ctx) => ctx.loaders.user.load(Number(id)),
  fields: (t) => ({
    username: t.exposeString('username', {
      description: 'Unique, ignoring case.',
      ...sameForEveryRecipient,
    }),
    displayName: t.exposeString('displayName', {
      description: 'The name to show.',
      ...sameForEveryRecipient,
    }),
    role: t.field({
      type: Role,
      description: 'ADMIN may broadcast.',
      resolve: (u) => u.role,
      ...sameForEveryRecipient,
    }),
    online: t.boolean({
      description: 'True while any device of the user holds a WebSocket.',
      ...sameForEveryRecipient,
      resolve: async (u, _args, ctx) => (await ctx.loaders.online.load(u.id)) ?? false,
    }),
    status: t.field({
      type: UserStatusEnum,
      description: 'Set by the user (setStatus); kept across reconnects. AVAILABLE by default.',
      ...sameForEveryRecipient,
      resolve: (u) => u.status,
    }),
    statusText: t.string({
      nullable: true,
      description: 'A short text set with the status; null when none.',
      ...sameForEveryRecipient,
      resolve: (u) => u.statusText,
    }),
    suspendedUntil: t.field({
      type: 'DateTime',
      nullable: true,
      description:
        'Until when the user is suspended (suspendUser); shown to the user and to admins, null for everyone else.',
      resolve: async (u, _args, ctx) => {
        if (!u.suspendedUntil || !ctx.viewer) return null;
        if (ctx.viewer.id === u.id) return u.suspendedUntil;
        const viewer = await ctx.loaders.user.load(ctx.viewer.id);
        return viewer?.role === 'ADMIN' ? u.suspendedUntil : null;
      },
    }),
    lastSeenAt: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'When the user last went offline; null if never connected.',
      ...sameForEveryRecipient,
      resolve: (u) => u.lastSeenAt,
    }),
  }),
});

export const AuthPayload = builder.objectRef<AuthResult>('AuthPayload').implement({
  description: 'A signed-in session.',
  fields: (t) => ({
    token: t.exposeString('token', {
      description: 'A JWT: send it as `Authorization: Bearer <token>`.',
    }),
    user: t.field({ type: User, description: 'The signed-in user.', resolve: (a) => a.user }),
  }),
});

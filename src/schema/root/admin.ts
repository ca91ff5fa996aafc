import { type DayStats, type Stats, stats } from '../../chat/stats.js';
import { builder } from '../builder.js';

const DayStatsRef = builder.objectRef<DayStats>('DayStats').implement({
  description: 'One UTC day.',
  fields: (t) => ({
    day: t.exposeString('day', { description: 'The day, YYYY-MM-DD (UTC).' }),
    messages: t.exposeInt('messages', { description: 'Messages sent that day.' }),
    activeUsers: t.exposeInt('activeUsers', { description: 'Users who sent a message that day.' }),
    newUsers: t.exposeInt('newUsers', { description: 'Sign-ups that day.' }),
  }),
});

const StatsRef = builder.objectRef<Stats>('Stats').implement({
  description: 'How the service is used (ADMIN only).',
  fields: (t) => ({
    users: t.exposeInt('users', { description: 'Accounts.' }),
    onlineNow: t.exposeInt('onlineNow', { description: 'Users with a device connected now.' }),
    rooms: t.exposeInt('rooms', { description: 'Rooms that exist (not deleted or archived).' }),
    messages: t.exposeInt('messages', { description: 'Messages ever sent.' }),
    days: t.field({
      type: [DayStatsRef],
      description: 'Each UTC day of the range, oldest first (days without activity too).',
      resolve: (s) => s.days,
    }),
  }),
});

builder.queryFields((t) => ({
  stats: t.withAuth({ admin: true }).field({
    type: StatsRef,
    description:
      'ADMIN only: totals, users online now, and per UTC day from `since` to `until` (default: the last 30 days; at most 366).',
    args: { since: t.arg({ type: 'DateTime' }), until: t.arg({ type: 'DateTime' }) },
    resolve: (_root, args, ctx) => stats(ctx.deps, ctx.viewer.id, args),
  }),
}));

import { broadcast, sendCommand } from '../../chat/broadcast.js';
import {
  createRoom,
  deleteRoom,
  inviteToRoom,
  joinRoom,
  leaveRoom,
  listRooms,
  removeFromRoom,
  renameRoom,
  transferRoom,
  updateRoom,
} from '../../chat/rooms.js';
import { builder } from '../builder.js';
import { idOf } from '../global-id.js';
import { limitPage } from '../limits.js';
import { Conversation, ConversationConnection } from '../refs.js';

const BroadcastResult = builder.objectRef<{ recipients: number }>('BroadcastResult').implement({
  description: 'What a broadcast reached.',
  fields: (t) => ({
    recipients: t.exposeInt('recipients', { description: 'How many users were addressed.' }),
  }),
});

const roomId = (id: string | number) => idOf(String(id), 'Conversation');

builder.queryFields((t) => ({
  rooms: t.withAuth({ loggedIn: true }).connection(
    {
      type: Conversation,
      description: 'The public room directory; `query` matches a part of the title, ignoring case.',
      args: { query: t.arg.string() },
      resolve: async (_root, args, ctx) => {
        await limitPage(ctx, args);
        return listRooms(ctx.deps, args.query, args);
      },
    },
    ConversationConnection as never,
  ),
}));

builder.mutationFields((t) => ({
  createRoom: t.withAuth({ loggedIn: true }).field({
    type: Conversation,
    description:
      'Creates a room you own and are the first member of. maxMembers: 2–10000, default 500.',
    args: {
      title: t.arg.string({ required: true }),
      isPrivate: t.arg.boolean({ defaultValue: false }),
      maxMembers: t.arg.int(),
    },
    resolve: (_root, args, ctx) => createRoom(ctx.deps, ctx.viewer.id, args),
  }),
  joinRoom: t.withAuth({ loggedIn: true }).field({
    type: Conversation,
    description: 'Joins a public room (a no-op when already a member). A full room: CONFLICT.',
    args: { roomId: t.arg.id({ required: true }) },
    resolve: (_root, args, ctx) => joinRoom(ctx.deps, ctx.viewer.id, roomId(args.roomId)),
  }),
  leaveRoom: t.withAuth({ loggedIn: true }).field({
    type: 'Boolean',
    description:
      'Leaves a room; false when you were not in it. The owner hands over to the longest-standing member.',
    args: { roomId: t.arg.id({ required: true }) },
    resolve: (_root, args, ctx) => leaveRoom(ctx.deps, ctx.viewer.id, roomId(args.roomId)),
  }),
  inviteToRoom: t.withAuth({ loggedIn: true }).field({
    type: Conversation,
    description: 'The owner adds a user to the room (the way into a private room).',
    args: { roomId: t.arg.id({ required: true }), userId: t.arg.id({ required: true }) },
    resolve: (_root, args, ctx) =>
      inviteToRoom(ctx.deps, ctx.viewer.id, roomId(args.roomId), idOf(String(args.userId), 'User')),
  }),
  removeFromRoom: t.withAuth({ loggedIn: true }).field({
    type: Conversation,
    description:
      'The owner or an admin removes a member (an admin even the owner); they get nothing of the room after it.',
    args: { roomId: t.arg.id({ required: true }), userId: t.arg.id({ required: true }) },
    resolve: (_root, args, ctx) =>
      removeFromRoom(
        ctx.deps,
        ctx.viewer.id,
        roomId(args.roomId),
        idOf(String(args.userId), 'User'),
      ),
  }),
  renameRoom: t.withAuth({ loggedIn: true }).field({
    type: Conversation,
    description: 'The owner renames the room.',
    args: { roomId: t.arg.id({ required: true }), title: t.arg.string({ required: true }) },
    resolve: (_root, args, ctx) =>
      renameRoom(ctx.deps, ctx.viewer.id, roomId(args.roomId), args.title),
  }),
  updateRoom: t.withAuth({ loggedIn: true }).field({
    type: Conversation,
    description:
      'The owner or an admin changes the settings given (the others stay). maxMembers below the member count: CONFLICT.',
    args: {
      roomId: t.arg.id({ required: true }),
      title: t.arg.string(),
      description: t.arg.string({ description: 'Up to 1000 characters; "" clears it.' }),
      isPrivate: t.arg.boolean(),
      maxMembers: t.arg.int(),
    },
    resolve: (_root, { roomId: id, ...changes }, ctx) =>
      updateRoom(ctx.deps, ctx.viewer.id, roomId(id), changes),
  }),
  transferRoom: t.withAuth({ loggedIn: true }).field({
    type: Conversation,
    description: 'The owner or an admin hands the room to one of its members.',
    args: { roomId: t.arg.id({ required: true }), userId: t.arg.id({ required: true }) },
    resolve: (_root, args, ctx) =>
      transferRoom(ctx.deps, ctx.viewer.id, roomId(args.roomId), idOf(String(args.userId), 'User')),
  }),
  deleteRoom: t.withAuth({ loggedIn: true }).boolean({
    description:
      'The owner or an admin deletes a room: it and its history are gone for everyone; every member gets a RoomDeletedEvent.',
    args: { roomId: t.arg.id({ required: true }) },
    resolve: (_root, args, ctx) => deleteRoom(ctx.deps, ctx.viewer.id, roomId(args.roomId)),
  }),
  sendCommand: t.withAuth({ admin: true }).field({
    type: BroadcastResult,
    description:
      'ADMIN only: a SystemCommandEvent to the named users, or to every user when toUserIds is absent.',
    args: {
      command: t.arg.string({ required: true }),
      payload: t.arg({ type: 'JSON' }),
      toUserIds: t.arg.idList(),
    },
    resolve: async (_root, args, ctx) => ({
      recipients: await sendCommand(
        ctx.deps,
        ctx.viewer.id,
        args.command,
        args.payload,
        args.toUserIds ? args.toUserIds.map((id) => idOf(String(id), 'User')) : null,
      ),
    }),
  }),
  broadcast: t.withAuth({ admin: true }).field({
    type: BroadcastResult,
    description:
      'ADMIN only: a BroadcastEvent to the named users, or to every user when toUserIds is absent.',
    args: { body: t.arg.string({ required: true }), toUserIds: t.arg.idList() },
    resolve: async (_root, args, ctx) => ({
      recipients: await broadcast(
        ctx.deps,
        ctx.viewer.id,
        args.body,
        args.toUserIds ? args.toUserIds.map((id) => idOf(String(id), 'User')) : null,
      ),
    }),
  }),
}));

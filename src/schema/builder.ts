import SchemaBuilder from '@pothos/core';
import RelayPlugin from '@pothos/plugin-relay';
import ScopeAuthPlugin from '@pothos/plugin-scope-auth';
import type { FileUpload } from 'graphql-upload/processRequest.mjs';
import Upload from 'graphql-upload/Upload.mjs';
import { badInput, ChatError, unauthenticated } from '../chat/errors.js';
import type { Context, Viewer } from './context.js';
import { decodeGlobalId, encodeGlobalId } from './global-id.js';

export const builder = new SchemaBuilder<{
  Context: Context;
  AuthScopes: { loggedIn: boolean; admin: boolean };
  AuthContexts: { loggedIn: Context & { viewer: Viewer }; admin: Context & { viewer: Viewer } };
  Scalars: {
    DateTime: { Input: Date; Output: Date };
    ID: { Input: string; Output: string | number };
    File: { Input: Promise<FileUpload>; Output: never };
  };
  DefaultFieldNullability: false;
}>({
  defaultFieldNullability: false,
  plugins: [ScopeAuthPlugin, RelayPlugin],
  scopeAuth: {
    authorizeOnSubscribe: true,
    authScopes: async (ctx) => ({
      loggedIn: ctx.viewer !== null,
      admin: async () => {
        if (!ctx.viewer) return false;
        const user = await ctx.loaders.user.load(ctx.viewer.id);
        return user?.role === 'ADMIN';
      },
    }),
    unauthorizedError: (_parent, ctx) =>
      ctx.viewer
        ? new ChatError('FORBIDDEN', 'You are not allowed to do that')
        : new ChatError('UNAUTHENTICATED', 'Sign in first: send a valid bearer token'),
  },
  relay: {
    clientMutationId: 'omit',
    cursorType: 'String',
    nodesQueryOptions: false,
    nodeQueryOptions: {
      description: 'Any object by its global id; null when it is not visible to you.',
      // Every root field but signUp and logIn needs a user (issue 11): node too.
      authScopes: { loggedIn: true },
    },
    encodeGlobalID: encodeGlobalId,
    // Pothos maps arguments before scope-auth runs, so `node` decodes its id first: an
    // anonymous caller is told to sign in, not whether the id is well formed. (Only fields
    // that require a user take a relay id argument.)
    decodeGlobalID: (globalId, ctx) => {
      if (!ctx.viewer) throw unauthenticated();
      return decodeGlobalId(globalId);
    },
  },
});

builder.scalarType('DateTime', {
  description: 'An ISO-8601 instant in UTC, e.g. 2026-01-31T12:00:00.000Z',
  serialize: (value) => value.toISOString(),
  parseValue: (value) => {
    const date = typeof value === 'string' ? new Date(value) : null;
    if (!date || Number.isNaN(date.getTime())) throw badInput('Expected an ISO-8601 date-time');
    return date;
  },
});

builder.scalarType('File', {
  description:
    'A file sent with the operation as the GraphQL multipart request spec says (apollo-upload-client, urql); input only.',
  serialize: () => {
    throw new Error('File is an input type only');
  },
  parseValue: (value) => {
    // src/http/uploads.ts puts an Upload where the request's `map` says; anything else is not a file.
    if (value instanceof Upload) return value.promise;
    throw badInput('Expected a file sent as the GraphQL multipart request spec says');
  },
});

builder.queryType({});
builder.mutationType({});
builder.subscriptionType({});

import SchemaBuilder from '@pothos/core';
import RelayPlugin from '@pothos/plugin-relay';
import ScopeAuthPlugin from '@pothos/plugin-scope-auth';
import { valueFromASTUntyped } from 'graphql';
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
    JSON: { Input: unknown; Output: unknown };
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

/** A JSON value's size limit, as its JSON text. */
export const JSON_MAX_CHARS = 16_384;
/** How deep a JSON value may nest. */
const JSON_MAX_DEPTH = 32;

/** A JSON value within the bounds, as it came; BAD_USER_INPUT otherwise. */
function boundedJson(value: unknown): unknown {
  const text = JSON.stringify(value);
  if (text === undefined) throw badInput('Expected a JSON value');
  if (text.length > JSON_MAX_CHARS) {
    throw badInput(`JSON value is larger than ${JSON_MAX_CHARS} characters`);
  }
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{' || c === '[') deepest = Math.max(deepest, ++depth);
    else if (c === '}' || c === ']') depth--;
  }
  if (deepest > JSON_MAX_DEPTH) throw badInput(`JSON value nests deeper than ${JSON_MAX_DEPTH}`);
  return JSON.parse(text);
}

builder.scalarType('JSON', {
  description: `Any JSON value, at most ${JSON_MAX_CHARS} characters as JSON text.`,
  serialize: (value) => value,
  parseValue: boundedJson,
  parseLiteral: (node, variables) => boundedJson(valueFromASTUntyped(node, variables)),
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

import type { GraphQLObjectType, GraphQLSchema } from 'graphql';
import { encodeGlobalId, NODE_TYPES } from './global-id.js';

/**
 * Pothos relay resolves every node's `id` with an async function, so each Message or
 * Conversation becomes a promise and graphql-js completes every object, edge and list of
 * a response asynchronously (a 50-message page: hundreds of promises; 500 unread counts:
 * thousands). The id is plain arithmetic on the row: encode it synchronously, exactly as
 * relay would (its encodeGlobalID is ours, called with the type name and String(row.id)).
 */
export function withSyncGlobalIds(schema: GraphQLSchema): GraphQLSchema {
  for (const named of Object.values(schema.getTypeMap())) {
    // Duck-typed, not isObjectType(): under vitest this module may see the other of graphql's
    // two builds (ESM/CJS) than Pothos did, and instanceof checks then throw (see mask-error.ts).
    if (!('getInterfaces' in named) || named.name.startsWith('__')) continue;
    const type = named as GraphQLObjectType;
    if (!type.getInterfaces().some((i) => i.name === 'Node') || !('isTypeOf' in type)) continue;
    // Every node type's relay id is its row's `id` (see `id.resolve` in each builder.node).
    if (!NODE_TYPES.has(type.name)) {
      throw new Error(`withSyncGlobalIds: unknown node type ${type.name}; add it to NODE_TYPES`);
    }
    const name = type.name;
    const field = type.getFields().id;
    if (!field) throw new Error(`withSyncGlobalIds: ${name} has no id field`);
    field.resolve = (row: { id: number }) => encodeGlobalId(name, String(row.id));
  }
  return schema;
}

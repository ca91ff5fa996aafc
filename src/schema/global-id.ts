import { badInput } from '../chat/errors.js';

/**
 * The types a global id may name: those that implement Node, each loaded by its `loadOne`.
 * Any other name (`Query`, `PageInfo`...) would reach Pothos's node lookup, which throws
 * for a type without a loader: an internal error instead of the client's mistake.
 */
export const NODE_TYPES: ReadonlySet<string> = new Set(['Conversation', 'Message', 'User']);

/** Relay global ids: base64url of `Type:id`. Opaque to clients. */
export function encodeGlobalId(typename: string, id: bigint | number | string): string {
  return Buffer.from(`${typename}:${id}`).toString('base64url');
}

/** Types whose ids are global ids too but that are not nodes (`node(id)` does not load them). */
const OTHER_ID_TYPES: ReadonlySet<string> = new Set(['Attachment']);

export function decodeGlobalId(
  globalId: string,
  types: ReadonlySet<string> = NODE_TYPES,
): { typename: string; id: string } {
  const text = globalId.length <= 200 ? Buffer.from(globalId, 'base64url').toString() : '';
  const match = /^([A-Za-z]+):([1-9][0-9]{0,15})$/.exec(text);
  if (!match?.[1] || !match[2] || !types.has(match[1])) {
    throw badInput(`Malformed id "${globalId.slice(0, 40)}"`);
  }
  return { typename: match[1], id: match[2] };
}

/** The numeric id behind a global id of the expected type; any other type is BAD_USER_INPUT. */
export function idOf(globalId: string, typename: string): number {
  const decoded = decodeGlobalId(
    globalId,
    OTHER_ID_TYPES.has(typename) ? OTHER_ID_TYPES : NODE_TYPES,
  );
  if (decoded.typename !== typename) {
    throw badInput(`Expected a ${typename} id, got a ${decoded.typename} id`);
  }
  return Number(decoded.id);
}

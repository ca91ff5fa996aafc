import type { GraphQLError } from 'graphql';
import { createGraphQLError } from 'graphql-yoga';
import type { Logger } from 'pino';
import type { ChatError } from './chat/errors.js';

// By name, not instanceof: graphql can be loaded twice (its ESM and CJS builds), and then
// the same error has two GraphQLError classes.
const isGraphQLError = (e: unknown): e is GraphQLError =>
  e instanceof Error && e.name === 'GraphQLError';
const isChatError = (e: unknown): e is ChatError => e instanceof Error && e.name === 'ChatError';

/**
 * Expected outcomes (ChatError) reach the client with their message and code; GraphQL's
 * own errors (bad syntax, unknown fields, wrong variable types) are the client's input to
 * fix; anything else is logged and masked, so no stack trace or SQL leaks.
 */
export function createMaskError(logger: Logger) {
  return (error: unknown): Error => {
    const graphqlError = isGraphQLError(error) ? error : null;
    // Resolver errors may come wrapped more than once (envelop and Pothos each wrap).
    let original: unknown = error;
    while (isGraphQLError(original) && original.originalError) original = original.originalError;
    const path = graphqlError?.path;
    if (isChatError(original)) {
      return createGraphQLError(original.message, {
        ...(path ? { path } : {}),
        extensions: { code: original.code },
      });
    }
    if (graphqlError && original === graphqlError) {
      if (graphqlError.extensions.code) return graphqlError;
      return createGraphQLError(graphqlError.message, {
        ...(path ? { path } : {}),
        ...(graphqlError.nodes ? { nodes: graphqlError.nodes } : {}),
        extensions: { ...graphqlError.extensions, code: 'BAD_USER_INPUT' },
      });
    }
    logger.error({ err: original, path }, 'unexpected error');
    return createGraphQLError('Unexpected error.', {
      ...(path ? { path } : {}),
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    });
  };
}

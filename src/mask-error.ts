import { GraphQLError } from 'graphql';
import { createGraphQLError } from 'graphql-yoga';
import type { Logger } from 'pino';
import { ChatError } from './chat/errors.js';

/**
 * Expected outcomes (ChatError) reach the client with their message and code; GraphQL's
 * own errors (bad syntax, unknown fields, wrong variable types) are the client's input to
 * fix; anything else is logged and masked, so no stack trace or SQL leaks.
 */
export function createMaskError(logger: Logger) {
  return (error: unknown): Error => {
    const graphqlError = error instanceof GraphQLError ? error : null;
    const original = graphqlError?.originalError ?? error;
    const path = graphqlError?.path;
    if (original instanceof ChatError) {
      return createGraphQLError(original.message, {
        ...(path ? { path } : {}),
        extensions: { code: original.code },
      });
    }
    if (graphqlError && !graphqlError.originalError) {
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

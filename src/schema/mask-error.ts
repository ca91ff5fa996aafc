import type { GraphQLError } from 'graphql';
import { createGraphQLError, type Plugin } from 'graphql-yoga';
import type { Logger } from 'pino';
import type { ChatError } from '../chat/errors.js';
import { type ChatMeters, noMeters } from '../chat/meters.js';
import { isDatabaseFailure } from '../db/errors.js';

// By name, not instanceof: graphql can be loaded twice (its ESM and CJS builds), and then
// the same error has two GraphQLError classes.
const isGraphQLError = (e: unknown): e is GraphQLError =>
  e instanceof Error && e.name === 'GraphQLError';
/** The codes ../shared/API.md promises; any other code of a client mistake becomes BAD_USER_INPUT. */
const CONTRACT_CODES = new Set([
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'BAD_USER_INPUT',
  'CONFLICT',
  'RATE_LIMITED',
]);
const isChatError = (e: unknown): e is ChatError => e instanceof Error && e.name === 'ChatError';

/**
 * Expected outcomes (ChatError) reach the client with their message and code; GraphQL's
 * own errors (bad syntax, unknown fields, wrong variable types) are the client's input to
 * fix; anything else is logged and masked, so no stack trace or SQL leaks.
 */
export function createMaskError(logger: Logger, meters: ChatMeters = noMeters) {
  return (error: unknown): Error => {
    const graphqlError = isGraphQLError(error) ? error : null;
    // Resolver errors may come wrapped more than once (envelop and Pothos each wrap).
    let original: unknown = error;
    while (isGraphQLError(original) && original.originalError) original = original.originalError;
    const path = graphqlError?.path;
    if (isChatError(original)) {
      return createGraphQLError(original.message, {
        ...(path ? { path } : {}),
        extensions: { ...original.extensions, code: original.code },
      });
    }
    // graphql-tools (mutations over HTTP) wraps GraphQL's own error about a variable's value in
    // another, outside any field: no path.
    const refusedVariable = graphqlError && !path && isGraphQLError(original);
    if (graphqlError && (original === graphqlError || refusedVariable)) {
      // Parse and validation failures, armor's limits, bad variables: all the client's input.
      // An error masked already (a failed subscription event) stays what it was.
      const code = graphqlError.extensions?.code as string;
      if (CONTRACT_CODES.has(code) || code === 'INTERNAL_SERVER_ERROR') return graphqlError;
      return createGraphQLError(graphqlError.message, {
        ...(path ? { path } : {}),
        ...(graphqlError.nodes ? { nodes: graphqlError.nodes } : {}),
        extensions: { ...graphqlError.extensions, code: 'BAD_USER_INPUT' },
      });
    }
    meters.internalError();
    if (isDatabaseFailure(original)) meters.databaseError('request');
    logger.error({ err: original, path }, 'unexpected error');
    return createGraphQLError('Unexpected error.', {
      ...(path ? { path } : {}),
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    });
  };
}

/** A client mistake answered with a code outside the contract gets BAD_USER_INPUT instead. */
export function withContractCode(error: GraphQLError): GraphQLError {
  if (CONTRACT_CODES.has(error.extensions?.code as string)) return error;
  if (error.extensions?.code === 'INTERNAL_SERVER_ERROR') return error;
  return createGraphQLError(error.message, {
    ...(error.path ? { path: error.path } : {}),
    ...(error.nodes ? { nodes: error.nodes } : {}),
    extensions: { ...error.extensions, code: 'BAD_USER_INPUT' },
  });
}

/**
 * Parse and validation failures are answered before execution (and before maskError) with
 * yoga's own codes; rewrite them to the contract's.
 */
export function useContractErrorCodes(): Plugin {
  return {
    onResultProcess({ result, setResult }) {
      if (Array.isArray(result) || !result || typeof result !== 'object' || !('errors' in result))
        return;
      const errors = result.errors as GraphQLError[] | undefined;
      if (!errors?.some((e) => !CONTRACT_CODES.has(e.extensions?.code as string))) return;
      setResult({ ...result, errors: errors.map(withContractCode) });
    },
  };
}

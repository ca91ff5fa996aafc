import { useGraphQlJit } from '@envelop/graphql-jit';
import { type DocumentNode, getOperationAST, Kind } from 'graphql';
import type { Logger } from 'pino';

/**
 * Whether yoga runs this operation compiled (graphql-jit) rather than with graphql-tools'
 * executor: a query that is the only operation of its document. @envelop/graphql-jit caches
 * what it compiled by the document alone, not by operation name, so with several operations
 * in one document it would run whichever was compiled first (seen: operationName A answered
 * with B's result).
 */
export function compiledInYoga(
  document: DocumentNode,
  operationName: string | null | undefined,
): boolean {
  let operations = 0;
  for (const definition of document.definitions)
    if (definition.kind === Kind.OPERATION_DEFINITION) operations += 1;
  return operations === 1 && getOperationAST(document, operationName)?.operation === 'query';
}

/**
 * Queries run compiled (graphql-jit, cached per parsed document): a history page or 500
 * unread counts spend a fraction of graphql-js's time. Mutations and subscriptions keep
 * graphql-tools' executor.
 */
export function useCompiledQueries(logger: Logger) {
  return useGraphQlJit(
    {},
    {
      enableIf: (args) => compiledInYoga(args.document, args.operationName),
      onError: (error) => logger.warn({ errors: error.errors }, 'graphql-jit could not compile'),
    },
  );
}

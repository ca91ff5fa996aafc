import {
  type DocumentNode,
  type FieldNode,
  type GraphQLError,
  type GraphQLField,
  type GraphQLSchema,
  getOperationAST,
  type OperationDefinitionNode,
} from 'graphql';
import { type CompiledQuery, compileQuery, isCompiledQuery } from 'graphql-jit';
import { type Shareable, shareableSelection } from './websocket/shared-results.js';

/** A subscription whose only root field is `inbox`: served by the inbox fast path. */
export interface InboxOperation {
  operation: OperationDefinitionNode;
  field: FieldNode;
  fieldDef: GraphQLField<unknown, unknown>;
  /** Executes the selection for one event (the event is the root value). */
  compiled: CompiledQuery;
  /** Set when one recipient's result serves every recipient of a live event. */
  shareable: Shareable | null;
}

/** A query or mutation, run by src/websocket/operation-run.ts and src/http/graphql-post.ts. */
export interface PlainOperation {
  document: DocumentNode;
  operationName: string | null | undefined;
  /** The operation the name selects (its variable definitions). */
  operation: OperationDefinitionNode;
  /** Compiled (graphql-jit; mutations' fields run one after another, as the spec says). */
  compiled: CompiledQuery | null;
}

export type PreparedDocument =
  | { kind: 'invalid'; errors: readonly GraphQLError[] }
  | { kind: 'inbox'; inbox: InboxOperation }
  | { kind: 'query' | 'mutation'; plain: PlainOperation }
  /** Any other subscription, or no operation selected: graphql-ws (or yoga) serves it. */
  | { kind: 'other' };

export interface DocumentPreparer {
  parse(source: string): DocumentNode;
  validate(schema: GraphQLSchema, document: DocumentNode): readonly GraphQLError[];
}

/** Distinct documents kept; clients send a handful, so this only bounds abuse. */
const MAX_DOCUMENTS = 500;

/**
 * Parses, validates (with every validation plugin of yoga's HTTP path: query limits included)
 * and compiles each document once per process, not once per operation: thousands of devices
 * send the same few documents, over the socket and over HTTP POST alike.
 */
export function createDocumentCache(schema: GraphQLSchema, preparer: () => DocumentPreparer) {
  const cache = new Map<string, PreparedDocument>();

  function prepare(query: string, operationName: string | null | undefined): PreparedDocument {
    const { parse, validate } = preparer();
    let document: DocumentNode;
    let errors: readonly GraphQLError[];
    try {
      document = parse(query);
      // graphql-armor's limits throw from validation rather than return their error.
      errors = validate(schema, document);
    } catch (error) {
      return { kind: 'invalid', errors: [error as GraphQLError] };
    }
    if (errors.length > 0) return { kind: 'invalid', errors };
    const operation = getOperationAST(document, operationName);
    if (operation?.operation === 'query' || operation?.operation === 'mutation') {
      const compiled = compileQuery(schema, document, operationName ?? undefined, {
        disablingCapturingStackErrors: true,
      });
      return {
        kind: operation.operation,
        plain: {
          document,
          operationName,
          operation,
          compiled: compiled && isCompiledQuery(compiled) ? compiled : null,
        },
      };
    }
    const inbox = inboxOperation(schema, document, operationName);
    return inbox ? { kind: 'inbox', inbox } : { kind: 'other' };
  }

  return {
    /** The document prepared for this operation, from the cache when it was seen before. */
    get(query: string, operationName: string | null | undefined): PreparedDocument {
      // No operation name and an empty one select differently: their keys must differ too.
      const key =
        operationName == null ? `-:${query}` : `${operationName.length}:${operationName}${query}`;
      let prepared = cache.get(key);
      if (!prepared) {
        prepared = prepare(query, operationName);
        if (cache.size >= MAX_DOCUMENTS) cache.delete(cache.keys().next().value as string);
        cache.set(key, prepared);
      }
      return prepared;
    },
  };
}

function inboxOperation(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | null | undefined,
): InboxOperation | null {
  const operation = getOperationAST(document, operationName);
  if (operation?.operation !== 'subscription') return null;
  const [field, ...others] = operation.selectionSet.selections;
  if (others.length > 0 || field?.kind !== 'Field' || field.name.value !== 'inbox') return null;
  if (field.directives?.length) return null;
  const fieldDef = schema.getSubscriptionType()?.getFields().inbox;
  if (!fieldDef) return null;
  const compiled = compileQuery(schema, document, operationName ?? undefined, {
    disablingCapturingStackErrors: true,
  });
  if (!isCompiledQuery(compiled)) return null;
  return {
    operation,
    field,
    fieldDef,
    compiled,
    shareable: shareableSelection(schema, document, field),
  };
}

export type DocumentCache = ReturnType<typeof createDocumentCache>;

import type { IncomingMessage, ServerResponse } from 'node:http';
import { type GraphQLSchema, getVariableValues } from 'graphql';
import type { CompiledQuery } from 'graphql-jit';
import type { ChatDeps } from '../chat/deps.js';
import type { DocumentCache } from '../compiled-documents.js';
import { bearerToken, createContext } from '../schema/context.js';
import { compiledInYoga } from '../yoga-jit.js';
import { type JsonMediaType, jsonMediaType } from './accept.js';
import { corsHeaders } from './cors.js';
import { type Executor, jsonResponse, type Outcome } from './json-response.js';
import { readBody, replayed } from './request-body.js';

/** Larger bodies go to yoga unread (it enforces its own 25 MB limit); a chat request is a few kB. */
const MAX_BODY_BYTES = 64 * 1024;

/** The body keys the fast path honours; any other (`extensions`, a persisted query's) goes to yoga. */
const PARAMS = new Set(['query', 'variables', 'operationName']);

type Handler = (req: IncomingMessage, res: ServerResponse) => unknown;

interface Params {
  query: string;
  variables: Record<string, unknown> | null | undefined;
  operationName: string | null | undefined;
}

/** A query or mutation the fast path runs itself. */
interface FastOperation {
  /** What yoga would have run it with: how its result is worded. */
  executor: Executor;
  compiled: CompiledQuery;
}

export interface GraphqlPostOptions {
  schema: GraphQLSchema;
  /** The socket's cache too: a document is prepared once, whichever way it comes. */
  documents: DocumentCache;
  deps: ChatDeps;
  /** yoga's maskError (createMaskError): the same codes, the same logging. */
  maskError: (error: unknown) => Error;
  /** Answers every request the fast path leaves: yoga's handler. */
  yoga: Handler;
}

/** The media type to answer with, when the headers alone allow the fast path. */
function eligible(req: IncomingMessage): JsonMediaType | null {
  if (req.method !== 'POST' || req.url !== '/graphql') return null;
  const { headers } = req;
  // yoga's test (isContentTypeMatch): the first of a list, case-sensitive, any parameters.
  const type = headers['content-type']?.split(',')[0];
  if (type !== 'application/json' && !type?.startsWith('application/json;')) return null;
  // Chunked bodies (no length) and invalid lengths are yoga's to read and to refuse.
  const length = headers['content-length'];
  if (!length || !/^\d+$/.test(length) || Number(length) > MAX_BODY_BYTES) return null;
  return jsonMediaType(headers.accept);
}

/** The GraphQL parameters of a body shaped as the fast path expects; null for anything else. */
function paramsOf(body: Buffer): Params | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch {
    return null;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return null;
  if (Object.keys(parsed).some((key) => !PARAMS.has(key))) return null;
  const { query, variables, operationName } = parsed as Record<string, unknown>;
  if (typeof query !== 'string') return null;
  if (variables != null && (typeof variables !== 'object' || Array.isArray(variables))) return null;
  if (operationName != null && typeof operationName !== 'string') return null;
  return { query, variables: variables as Params['variables'], operationName };
}

/**
 * POST /graphql of a query or mutation in JSON, answered without yoga: the document comes
 * compiled from the per-process cache the socket uses (parsed and validated through yoga's
 * envelop, so query limits apply), the context from createContext as yoga makes it, and the
 * response is the one yoga would write (see json-response.ts and cors.ts). Anything else, or
 * anything unusual, goes to yoga unchanged: other methods and content types, an Accept that
 * yoga would not answer with JSON, batches, extensions, invalid documents, subscriptions.
 * yoga costs about 0.9 ms of CPU per request even for `{ __typename }`; this, a fraction.
 */
export function serveGraphqlPosts(options: GraphqlPostOptions) {
  const { schema, documents, deps, maskError, yoga } = options;
  let answered = 0;

  function fastOperation(params: Params): FastOperation | null {
    const prepared = documents.get(params.query, params.operationName);
    if (prepared.kind !== 'query' && prepared.kind !== 'mutation') return null;
    const { compiled, document, operation: definition } = prepared.plain;
    if (!compiled) return null;
    const executor = compiledInYoga(document, params.operationName)
      ? 'graphql-jit'
      : 'graphql-tools';
    // graphql-tools words variable errors its own way (and answers them with 400 under
    // graphql-response+json): yoga answers those. Where yoga runs graphql-jit too, the
    // compiled query's own checks give yoga's answer.
    if (
      executor === 'graphql-tools' &&
      getVariableValues(schema, definition.variableDefinitions ?? [], params.variables ?? {}).errors
    ) {
      return null;
    }
    return { executor, compiled };
  }

  async function execute(
    { compiled }: FastOperation,
    params: Params,
    req: IncomingMessage,
  ): Promise<Outcome> {
    try {
      const context = await createContext(
        deps,
        bearerToken(req.headers.authorization),
        req.socket.remoteAddress ?? 'unknown',
      );
      return await compiled.query(undefined, context, params.variables);
    } catch (error) {
      // As yoga answers a failure outside execution: one error, masked (and logged) below.
      return { errors: [error] };
    }
  }

  return {
    /** Requests the fast path answered itself (tests check which path a request took). */
    answered: () => answered,

    async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
      const mediaType = eligible(req);
      if (!mediaType) {
        await yoga(req, res);
        return;
      }
      const body = await readBody(req);
      // The client went away before sending it all: nobody is waiting for an answer.
      if (!body) return;
      const params = paramsOf(body);
      const operation = params && fastOperation(params);
      if (!params || !operation) {
        await yoga(replayed(req, body), res);
        return;
      }
      answered += 1;
      const result = await execute(operation, params, req);
      const answer = jsonResponse(result, operation.executor, mediaType, maskError);
      res
        .writeHead(answer.status, {
          ...answer.headers,
          'content-length': Buffer.byteLength(answer.body),
          ...corsHeaders(req.headers),
        })
        .end(answer.body);
    },
  };
}

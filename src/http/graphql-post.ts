import type { IncomingMessage, ServerResponse } from 'node:http';
import { type DocumentNode, type GraphQLError, getOperationAST, getVariableValues } from 'graphql';
import type { YogaServerInstance } from 'graphql-yoga';
import { compiledInYoga } from '../yoga-jit.js';
import { type JsonMediaType, jsonMediaType } from './accept.js';
import { corsHeaders } from './cors.js';
import { type Executor, jsonResponse, type Outcome } from './json-response.js';
import { readBody, replayed } from './request-body.js';

/**
 * Larger bodies go to yoga unread, which refuses those over MAX_REQUEST_BYTES with 413; a chat
 * request is a few kB.
 */
const MAX_FAST_BODY_BYTES = 64 * 1024;

/** The body keys the fast path honours; any other (`extensions`, a persisted query's) goes to yoga. */
const PARAMS = new Set(['query', 'variables', 'operationName']);

type Handler = (req: IncomingMessage, res: ServerResponse) => unknown;

interface Params {
  query: string;
  variables: Record<string, unknown> | null | undefined;
  operationName: string | null | undefined;
}

export interface GraphqlPostOptions {
  // biome-ignore lint/suspicious/noExplicitAny: the server context type is yoga's
  yoga: YogaServerInstance<any, any>;
  /** The server's body limit (yoga's maxRequestBodySize): larger bodies are yoga's to refuse. */
  maxBodyBytes: number;
  /** Answers every request the fast path leaves: yoga's handler. */
  fallback: Handler;
  /** yoga's maskError, for a failure before execution (the context), as yoga masks it. */
  maskError: (error: unknown) => Error;
}

/** The media type to answer with, when the headers alone allow the fast path. */
function eligible(req: IncomingMessage, maxBodyBytes: number): JsonMediaType | null {
  if (req.method !== 'POST' || req.url !== '/graphql') return null;
  const { headers } = req;
  // yoga's test (isContentTypeMatch): the first of a list, case-sensitive, any parameters.
  const type = headers['content-type']?.split(',')[0];
  if (type !== 'application/json' && !type?.startsWith('application/json;')) return null;
  // Chunked bodies (no length) and invalid lengths are yoga's to read and to refuse.
  const length = headers['content-length'];
  if (!length || !/^\d+$/.test(length) || Number(length) > maxBodyBytes) return null;
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
 * POST /graphql of a query or mutation in JSON, answered without yoga's HTTP layer: the
 * operation runs through yoga's envelop exactly as yoga runs it (`getEnveloped`: parse and
 * validate from yoga's cache, the context factory, execute with every plugin, error masking
 * included), and only the HTTP exchange is done here, as yoga would write it (see
 * json-response.ts and cors.ts). Anything else, or anything unusual, goes to yoga
 * unchanged: other methods and content types, an Accept that yoga would not answer with
 * JSON, batches, extensions, invalid documents, subscriptions. yoga's Fetch-API request and
 * response layer costs 250-430 µs of CPU per request (bench/tools/http-fast-path-ab.ts).
 */
export function serveGraphqlPosts(options: GraphqlPostOptions) {
  const { yoga, fallback, maskError } = options;
  const maxBodyBytes = Math.min(MAX_FAST_BODY_BYTES, options.maxBodyBytes);
  let answered = 0;

  /** The operation, parsed and validated through envelop; null when yoga must answer. */
  function prepare(req: IncomingMessage, params: Params) {
    const enveloped = yoga.getEnveloped({ req, params });
    let document: DocumentNode;
    let errors: readonly GraphQLError[];
    try {
      document = enveloped.parse(params.query);
      // graphql-armor's limits throw from validation rather than return their error.
      errors = enveloped.validate(enveloped.schema, document);
    } catch {
      return null;
    }
    if (errors.length > 0) return null;
    const definition = getOperationAST(document, params.operationName);
    if (definition?.operation !== 'query' && definition?.operation !== 'mutation') return null;
    const executor: Executor = compiledInYoga(document, params.operationName)
      ? 'graphql-jit'
      : 'graphql-tools';
    // graphql-tools words variable errors its own way (and answers them with 400 under
    // graphql-response+json): yoga answers those.
    if (
      executor === 'graphql-tools' &&
      getVariableValues(
        enveloped.schema,
        definition.variableDefinitions ?? [],
        params.variables ?? {},
      ).errors
    ) {
      return null;
    }
    return { enveloped, document, executor };
  }

  async function execute(
    { enveloped, document }: NonNullable<ReturnType<typeof prepare>>,
    params: Params,
  ): Promise<Outcome> {
    try {
      return (await enveloped.execute({
        schema: enveloped.schema,
        document,
        operationName: params.operationName,
        variableValues: params.variables,
        contextValue: await enveloped.contextFactory(),
      })) as Outcome;
    } catch (error) {
      // As yoga answers a failure outside execution: one error, masked.
      return { errors: [maskError(error)] };
    }
  }

  return {
    /** Requests the fast path answered itself (tests check which path a request took). */
    answered: () => answered,

    async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
      const mediaType = eligible(req, maxBodyBytes);
      if (!mediaType) {
        await fallback(req, res);
        return;
      }
      const body = await readBody(req);
      // The client went away before sending it all: nobody is waiting for an answer.
      if (!body) return;
      const params = paramsOf(body);
      const operation = params && prepare(req, params);
      if (!params || !operation) {
        await fallback(replayed(req, body), res);
        return;
      }
      answered += 1;
      const result = await execute(operation, params);
      const answer = jsonResponse(result, operation.executor, mediaType);
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

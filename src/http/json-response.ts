import type { ExecutionResult, GraphQLError, GraphQLFormattedError } from 'graphql';
import { withContractCode } from '../schema/mask-error.js';
import type { JsonMediaType } from './accept.js';

/** What yoga reads from an error's `extensions.http` (and never sends to the client). */
interface HttpExtension {
  status?: number;
  /** Set on request errors the GraphQL-over-HTTP spec answers with 200 under application/json. */
  spec?: boolean;
  headers?: Record<string, string>;
}

/** What yoga runs an operation with (src/yoga-jit.ts): each orders a result's keys its own way. */
export type Executor = 'graphql-jit' | 'graphql-tools';

/** An execution result, or an error thrown before execution (which yoga answers alike). */
export interface Outcome {
  data?: ExecutionResult['data'];
  errors?: readonly unknown[];
}

export interface JsonResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

const isGraphQLError = (e: unknown): e is GraphQLError =>
  e instanceof Error && e.name === 'GraphQLError';

/** An error GraphQL made itself, not one wrapping something a resolver threw (yoga's test). */
const isOriginalGraphQLError = (e: unknown): boolean =>
  isGraphQLError(e) && (e.originalError == null || isOriginalGraphQLError(e.originalError));

/** The error as the client sees it: yoga leaves out the extensions meant for itself. */
function publicJson(error: GraphQLError): GraphQLFormattedError {
  const json = { ...error.toJSON() };
  if (json.extensions) {
    const { http: _http, unexpected: _unexpected, ...extensions } = json.extensions;
    if (Object.keys(extensions).length > 0) json.extensions = extensions;
    else delete json.extensions;
  }
  return json;
}

/**
 * A query's or mutation's result as yoga writes it (graphql-yoga's processRegularResult):
 * errors (masked by envelop) given contract codes (useContractErrorCodes); the status and extra
 * headers yoga derives from the errors (getResponseInitByRespectingErrors); and the keys in
 * the order the executor yoga would have used writes them: `data` first for graphql-jit,
 * `errors` first for graphql-tools.
 */
export function jsonResponse(
  result: Outcome,
  executor: Executor,
  mediaType: JsonMediaType,
): JsonResponse {
  const headers: Record<string, string> = { 'content-type': `${mediaType}; charset=utf-8` };
  if (!result.errors?.length) return { status: 200, headers, body: JSON.stringify(result) };
  // Masked already, by yoga's masking plugin in envelop, as on yoga's own path.
  const errors = result.errors.map((e) => withContractCode(e as GraphQLError));
  let status = 0;
  let unexpected = false;
  for (const error of errors) {
    const http = error.extensions?.http as HttpExtension | undefined;
    if (http) {
      Object.assign(headers, http.headers);
      if (mediaType === 'application/json' && http.spec) continue;
      if (http.status && http.status > status) status = http.status;
    } else if (!isOriginalGraphQLError(error) || error.extensions?.unexpected) {
      unexpected = true;
    }
  }
  const hasData = 'data' in result;
  if (!status) status = unexpected && !hasData ? 500 : 200;
  const data = hasData ? { data: result.data } : {};
  const formatted = errors.map(publicJson);
  const shaped =
    executor === 'graphql-tools' ? { errors: formatted, ...data } : { ...data, errors: formatted };
  return { status, headers, body: JSON.stringify(shaped) };
}

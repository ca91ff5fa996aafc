import type { IncomingMessage, ServerResponse } from 'node:http';
import { type DocumentNode, GraphQLError, getOperationAST } from 'graphql';
import processRequest from 'graphql-upload/processRequest.mjs';
import type { YogaServerInstance } from 'graphql-yoga';
import { jsonMediaType } from './accept.js';
import { corsHeaders } from './cors.js';
import { jsonResponse, type Outcome } from './json-response.js';

/** The `operations` and `map` fields together: a mutation and its variables are a few kB. */
const MAX_FIELD_BYTES = 64 * 1024;
/** How long a refused request that is still sending is read (and dropped) before its socket closes. */
const CUT_GRACE_MS = 500;
/** Files in one request: uploadAttachment takes one; a few aliases may upload more. */
const MAX_FILES = 4;

export interface UploadOptions {
  // biome-ignore lint/suspicious/noExplicitAny: the server context type is yoga's
  yoga: YogaServerInstance<any, any>;
  /** MAX_UPLOAD_BYTES: one file's limit. */
  maxFileBytes: number;
  /** yoga's maskError, for a failure before execution (the context), as yoga masks it. */
  maskError: (error: unknown) => Error;
}

/** Whether a request is a GraphQL multipart request (a file upload). */
export const isMultipart = (req: IncomingMessage): boolean =>
  req.method === 'POST' &&
  (req.url ?? '').split('?')[0] === '/graphql' &&
  /^multipart\/form-data\b/i.test(req.headers['content-type'] ?? '');

const requestError = (message: string) =>
  JSON.stringify({ errors: [{ message, extensions: { code: 'BAD_USER_INPUT' } }] });

/**
 * POST /graphql as the GraphQL multipart request spec says (apollo-upload-client, urql's
 * multipart fetch): the operation runs through yoga's envelop as every other does, while its
 * files stream in. yoga's own multipart parser is off (`multipart: false`): it reads each file
 * whole into memory (a Blob) before the operation starts, and its body limit is the one for
 * every request (MAX_REQUEST_BYTES). Here graphql-upload's processRequest (busboy) hands the
 * operation over once `operations` and `map` arrived, and each file streams (through a
 * temporary file, fs-capacitor) to the resolver, which stores it as it comes and stops at
 * MAX_UPLOAD_BYTES. A request still sending when it is answered (too large, refused) is cut:
 * its connection closes rather than read the rest.
 *
 * No CSRF header is asked for (yoga's csrf-prevention plugin is for cookie sessions): every
 * mutation here needs an `Authorization: Bearer` token, which a cross-site form cannot send
 * and which makes a browser's fetch preflighted.
 */
export function serveUploads(options: UploadOptions) {
  const { yoga, maxFileBytes, maskError } = options;

  function answer(
    req: IncomingMessage,
    res: ServerResponse,
    status: number,
    text: string,
    contentType = 'application/json; charset=utf-8',
  ) {
    const cut = !req.readableEnded;
    res.writeHead(status, {
      'content-type': contentType,
      'content-length': Buffer.byteLength(text),
      ...(cut ? { connection: 'close' } : {}),
      ...corsHeaders(req.headers),
    });
    res.end(text, () => {
      // Closed a moment later, not at once: closing a socket with unread data resets it, and a
      // client still sending would lose the answer it has not read yet.
      if (cut) setTimeout(() => req.socket.destroy(), CUT_GRACE_MS).unref();
    });
  }

  return async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > maxFileBytes * MAX_FILES + MAX_FIELD_BYTES) {
      answer(req, res, 413, requestError(`Request larger than MAX_UPLOAD_BYTES (${maxFileBytes})`));
      return;
    }
    let operations: Record<string, unknown> | Record<string, unknown>[];
    try {
      operations = await processRequest(req, res, {
        maxFieldSize: MAX_FIELD_BYTES,
        // One byte more than allowed: the resolver counts and refuses it (UploadTooLarge),
        // busboy stops keeping the rest.
        maxFileSize: maxFileBytes + 1,
        maxFiles: MAX_FILES,
      });
    } catch (error) {
      const {
        status = 400,
        expose = false,
        message,
      } = error as {
        status?: number;
        expose?: boolean;
        message: string;
      };
      // 499: the client went away; nobody is waiting for an answer.
      if (status === 499 || res.headersSent) return;
      answer(req, res, status, requestError(expose ? message : 'Invalid multipart request'));
      return;
    }
    const { query, variables, operationName } = Array.isArray(operations)
      ? ({} as Record<string, unknown>)
      : operations;
    if (
      typeof query !== 'string' ||
      (variables != null && (typeof variables !== 'object' || Array.isArray(variables))) ||
      (operationName != null && typeof operationName !== 'string')
    ) {
      answer(
        req,
        res,
        400,
        requestError('`operations` must be one operation: query, variables, operationName'),
      );
      return;
    }
    const params = { query, variables, operationName };
    const enveloped = yoga.getEnveloped({ req, params });
    let document: DocumentNode;
    try {
      document = enveloped.parse(query);
      const errors = enveloped.validate(enveloped.schema, document) as readonly GraphQLError[];
      if (errors.length > 0) {
        answer(req, res, 400, JSON.stringify({ errors: errors.map((e) => e.toJSON()) }));
        return;
      }
    } catch (error) {
      const errors = error instanceof GraphQLError || (error as Error)?.name === 'GraphQLError';
      answer(
        req,
        res,
        400,
        errors
          ? JSON.stringify({ errors: [(error as GraphQLError).toJSON()] })
          : requestError('Invalid query'),
      );
      return;
    }
    if (getOperationAST(document, operationName as string | undefined)?.operation !== 'mutation') {
      answer(req, res, 400, requestError('Files are sent with a mutation'));
      return;
    }
    let result: Outcome;
    try {
      result = (await enveloped.execute({
        schema: enveloped.schema,
        document,
        operationName: operationName as string | undefined,
        variableValues: variables as Record<string, unknown> | undefined,
        contextValue: await enveloped.contextFactory(),
      })) as Outcome;
    } catch (error) {
      result = { errors: [maskError(error)] };
    }
    const mediaType = jsonMediaType(req.headers.accept) ?? 'application/json';
    const response = jsonResponse(result, 'graphql-tools', mediaType);
    answer(req, res, response.status, response.body, response.headers['content-type']);
  };
}

import type { IncomingHttpHeaders } from 'node:http';

/**
 * The headers yoga's default CORS adds to the response of a request with an Origin (the
 * useCORS of @whatwg-node/server, with no options, as src/server.ts configures yoga): any
 * origin is allowed, with credentials, and whatever method and headers a preflight asks for.
 */
export function corsHeaders(request: IncomingHttpHeaders): Record<string, string> {
  const origin = request.origin;
  if (origin === undefined) return {};
  const headers: Record<string, string> = { 'access-control-allow-origin': origin, vary: 'Origin' };
  const method = request['access-control-request-method'] as string | undefined;
  if (method) headers['access-control-allow-methods'] = method;
  const requested = request['access-control-request-headers'] as string | undefined;
  if (requested) {
    headers['access-control-allow-headers'] = requested;
    headers.vary = 'Origin, Access-Control-Request-Headers';
  }
  if (origin !== '*') headers['access-control-allow-credentials'] = 'true';
  return headers;
}

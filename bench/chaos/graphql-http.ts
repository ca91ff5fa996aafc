/** GraphQL over HTTP POST, telling a refusal (the server answered) from no answer. */

export type HttpOutcome<T> =
  | { kind: 'data'; data: T }
  /** The server answered with an error that retrying cannot change. */
  | { kind: 'refused'; code: string; message: string }
  /** No answer, a 5xx, a masked internal error or RATE_LIMITED: the outcome is unknown. */
  | { kind: 'no-answer'; reason: string };

/** Codes that say the request itself is wrong: the same request again gets the same answer. */
const FINAL_CODES = new Set([
  'BAD_USER_INPUT',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
  'UNAUTHENTICATED',
]);

export async function postGraphql<T>(
  baseUrl: string,
  query: string,
  variables: Record<string, unknown>,
  token: string | null,
  timeoutMs: number,
): Promise<HttpOutcome<T>> {
  let response: Response;
  try {
    response = await fetch(`${baseUrl}/graphql`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: JSON.stringify({ query, variables }),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    return { kind: 'no-answer', reason: (error as Error).name };
  }
  let body: { data?: T | null; errors?: { message: string; extensions?: { code?: string } }[] };
  try {
    body = (await response.json()) as typeof body;
  } catch (error) {
    return { kind: 'no-answer', reason: `HTTP ${response.status} ${(error as Error).name}` };
  }
  const error = body.errors?.[0];
  if (!error && body.data) return { kind: 'data', data: body.data };
  const code = error?.extensions?.code ?? `HTTP ${response.status}`;
  if (FINAL_CODES.has(code)) return { kind: 'refused', code, message: error?.message ?? '' };
  return { kind: 'no-answer', reason: code };
}

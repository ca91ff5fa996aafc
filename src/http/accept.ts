/** The media types yoga answers a query or mutation with as one JSON document. */
export type JsonMediaType = 'application/graphql-response+json' | 'application/json';

const JSON_TYPES: readonly JsonMediaType[] = [
  'application/graphql-response+json',
  'application/json',
];

/** Whether `offered` falls under an Accept entry such as `application/*` (yoga's rule). */
function covers(entry: string, offered: string): boolean {
  const [type, subtype] = entry.split('/');
  const [offeredType, offeredSubtype] = offered.split('/');
  return (type === '*' || type === offeredType) && (subtype === '*' || subtype === offeredSubtype);
}

/**
 * The media type yoga answers a query or mutation with for this Accept header, or null when
 * it would not answer with JSON (an event stream, multipart, 406). This is yoga's own
 * negotiation (graphql-yoga's result processors), not RFC 9110's: q-values are ignored, the
 * first JSON type listed wins, an entry with a charset other than utf-8 does not count, and a
 * missing or empty header means any type, which yoga answers with application/json.
 */
export function jsonMediaType(accept: string | undefined): JsonMediaType | null {
  const entries = (accept || '*/*').replace(/\s/g, '').toLowerCase().split(',');
  let chosen: JsonMediaType | null = null;
  // yoga walks the entries last to first and keeps the last match: the first listed wins.
  for (let i = entries.length - 1; i >= 0; i--) {
    const [type = '', ...parameters] = (entries[i] as string).split(';');
    const charset = parameters.find((p) => p.includes('charset=')) ?? 'charset=utf-8';
    if (charset !== 'charset=utf-8') continue;
    for (const offered of JSON_TYPES) if (covers(type, offered)) chosen = offered;
  }
  return chosen;
}

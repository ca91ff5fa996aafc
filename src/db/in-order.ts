/** Rows in the order of `keys`, null where missing: the shape a DataLoader batch returns. */
export function inOrderOf<T, K>(keys: readonly K[], rows: T[], keyOf: (row: T) => K): (T | null)[] {
  const byKey = new Map(rows.map((row) => [keyOf(row), row]));
  return keys.map((key) => byKey.get(key) ?? null);
}

import { badInput } from './errors.js';

/**
 * Opaque cursors: base64url of `kind:part:part`. A cursor of another kind, or one that
 * does not decode, is BAD_USER_INPUT.
 */
export function encodeCursor(kind: string, ...parts: (string | number)[]): string {
  return Buffer.from([kind, ...parts].join(':')).toString('base64url');
}

export function decodeCursor(cursor: string, kind: string, partCount: number): string[] {
  const text = Buffer.from(cursor, 'base64url').toString();
  const [head, ...parts] = text.split(':');
  if (head !== kind || parts.length < partCount || cursor.length > 512) {
    throw badInput('Malformed cursor: pass back a cursor this API gave you');
  }
  // The last part may itself contain ':' (a username does not, but keep it exact).
  const fixed = parts.slice(0, partCount - 1);
  fixed.push(parts.slice(partCount - 1).join(':'));
  return fixed;
}

export function decodeIntCursor(cursor: string, kind: string): number {
  const [value] = decodeCursor(cursor, kind, 1);
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 0)
    throw badInput('Malformed cursor: pass back a cursor this API gave you');
  return n;
}

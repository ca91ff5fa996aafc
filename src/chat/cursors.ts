import { badInput } from './errors.js';
import { textProblem } from './validation.js';

/**
 * Opaque cursors: base64url of `kind:part:part`. A cursor of another kind, or one that
 * does not decode, is BAD_USER_INPUT.
 */
export function encodeCursor(kind: string, ...parts: (string | number)[]): string {
  return Buffer.from([kind, ...parts].join(':')).toString('base64url');
}

export function decodeCursor(cursor: string, kind: string, partCount: number): string[] {
  const malformed = () => badInput('Malformed cursor: pass back a cursor this API gave you');
  if (cursor.length > 512) throw malformed();
  const text = Buffer.from(cursor, 'base64url').toString();
  // Parts reach SQL (a username, a timestamp): a crafted NUL or invalid byte must not.
  if (textProblem(text) || text.includes('\uFFFD')) throw malformed();
  const [head, ...parts] = text.split(':');
  if (head !== kind || parts.length < partCount) throw malformed();
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

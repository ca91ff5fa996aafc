import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { errors, jwtVerify, SignJWT } from 'jose';
import type { Database } from '../db/client.js';
import { settings } from '../db/tables.js';

const ALGORITHM = 'HS256';

export interface TokenIssuer {
  sign(userId: number): Promise<string>;
  /** The user id and expiry of a valid token; null for a missing, malformed, forged or expired one. */
  verify(token: string): Promise<{ userId: number; expiresAt: number } | null>;
}

/**
 * The signing secret is JWT_SECRET, or one generated once and kept in the database so
 * that every instance sharing the database accepts the same tokens.
 */
export async function resolveJwtSecret(
  database: Database,
  configured?: string,
): Promise<Uint8Array> {
  if (configured) return new TextEncoder().encode(configured);
  const generated = randomBytes(48).toString('base64url');
  await database.db
    .insert(settings)
    .values({ key: 'jwt_secret', value: generated })
    .onConflictDoNothing();
  const [row] = await database.db.select().from(settings).where(eq(settings.key, 'jwt_secret'));
  if (!row) throw new Error('jwt_secret setting vanished');
  return new TextEncoder().encode(row.value);
}

/** Verified tokens remembered (an HMAC per request is a measurable share of a send). */
const VERIFIED_CACHE_SIZE = 10_000;

export function createTokenIssuer(secret: Uint8Array, ttlSeconds: number): TokenIssuer {
  const verified = new Map<string, { userId: number; expiresAt: number }>();
  return {
    sign: (userId) =>
      new SignJWT({})
        .setProtectedHeader({ alg: ALGORITHM })
        .setSubject(String(userId))
        .setIssuedAt()
        .setExpirationTime(`${ttlSeconds}s`)
        .sign(secret),
    async verify(token) {
      const known = verified.get(token);
      if (known) {
        if (known.expiresAt > Date.now()) return known;
        verified.delete(token);
        return null;
      }
      try {
        const { payload } = await jwtVerify(token, secret, {
          algorithms: [ALGORITHM],
          requiredClaims: ['sub', 'exp', 'iat'],
        });
        const userId = Number(payload.sub);
        if (!Number.isSafeInteger(userId) || userId <= 0 || payload.exp === undefined) return null;
        const result = { userId, expiresAt: payload.exp * 1000 };
        if (verified.size >= VERIFIED_CACHE_SIZE) verified.clear();
        verified.set(token, result);
        return result;
      } catch (error) {
        if (error instanceof errors.JOSEError) return null;
        throw error;
      }
    },
  };
}

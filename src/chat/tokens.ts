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

export function createTokenIssuer(secret: Uint8Array, ttlSeconds: number): TokenIssuer {
  return {
    sign: (userId) =>
      new SignJWT({})
        .setProtectedHeader({ alg: ALGORITHM })
        .setSubject(String(userId))
        .setIssuedAt()
        .setExpirationTime(`${ttlSeconds}s`)
        .sign(secret),
    async verify(token) {
      try {
        const { payload } = await jwtVerify(token, secret, {
          algorithms: [ALGORITHM],
          requiredClaims: ['sub', 'exp', 'iat'],
        });
        const userId = Number(payload.sub);
        if (!Number.isSafeInteger(userId) || userId <= 0 || payload.exp === undefined) return null;
        return { userId, expiresAt: payload.exp * 1000 };
      } catch (error) {
        if (error instanceof errors.JOSEError) return null;
        throw error;
      }
    },
  };
}

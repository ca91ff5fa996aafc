import { createHash, randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import {
  createRemoteJWKSet,
  decodeProtectedHeader,
  errors,
  type JWTPayload,
  jwtVerify,
  SignJWT,
} from 'jose';
import type { Logger } from 'pino';
import type { Database } from '../db/client.js';
import { settings, users } from '../db/tables.js';
import { type Clock, systemClock } from './clock.js';
import type { Sessions, SessionToken } from './sessions.js';

/** The algorithm of the tokens we issue. */
const OWN_ALGORITHM = 'HS256';
/** The algorithms an external identity provider may sign with (never an HMAC: its key is public). */
const EXTERNAL_ALGORITHMS = ['RS256', 'ES256', 'EdDSA'];
/**
 * Longer tokens are refused before any decoding or crypto. Ours are about 200 characters; an
 * identity provider's with many claims a few thousand.
 */
export const MAX_TOKEN_CHARS = 8192;
/** A user id as `sub` carries it: decimal, no sign, no leading zero. */
const USER_ID = /^[1-9][0-9]{0,15}$/;
/** Verified tokens remembered (an HMAC per request is a measurable share of a send). */
const VERIFIED_CACHE_SIZE = 10_000;
/** At most one log line per this long about an unreachable key set (a flood would repeat it). */
const JWKS_WARNING_INTERVAL_MS = 60_000;

export interface VerifiedToken extends SessionToken {
  /** Epoch ms. */
  expiresAt: number;
}

export interface TokenIssuer {
  /** A token of the user's current session generation (see src/chat/sessions.ts). */
  sign(userId: number, generation?: number): Promise<string>;
  /**
   * The user id and expiry of a valid token; null for a missing, oversized, malformed, forged
   * or expired one, one for another issuer or audience, one whose `sub` names no user, and
   * one whose session ended (logged out, password changed) or whose user is suspended.
   */
  verify(token: string): Promise<VerifiedToken | null>;
}

export interface TokenOptions {
  /** The HS256 secret of the tokens we issue (resolveJwtSecret). */
  secret: Uint8Array;
  ttlSeconds: number;
  /** `iss` of the tokens we issue, and the one they must carry. */
  issuer: string;
  /** `aud` every accepted token must carry, ours and the identity provider's. */
  audience: string;
  /**
   * An external identity provider (or gateway) whose tokens are accepted too: signed by a key
   * of the set at `jwksUrl`, issued by `issuer`, with our user id in `sub`.
   */
  external?: { jwksUrl: URL; issuer: string };
  clock?: Clock;
  logger?: Logger;
  /** Sessions that ended (logged out, suspended); without it only expiry ends a token. */
  sessions?: Sessions;
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

/** The key set could not be had (down, slow, not JSON): not the token's fault, worth a warning. */
function keySetUnavailable(error: unknown): boolean {
  if (!(error instanceof errors.JOSEError)) return true;
  return (
    error instanceof errors.JWKSTimeout ||
    error instanceof errors.JWKSInvalid ||
    error.code === 'ERR_JOSE_GENERIC'
  );
}

/** Signs our tokens (the server's issuer does; so do the benchmarks, for seeded users). */
export function createTokenSigner(
  options: Pick<TokenOptions, 'secret' | 'ttlSeconds' | 'issuer' | 'audience' | 'clock'>,
): (userId: number, generation?: number) => Promise<string> {
  const { secret, ttlSeconds, issuer, audience } = options;
  const clock = options.clock ?? systemClock;
  return (userId, generation = 0) => {
    const now = Math.floor(clock.now() / 1000);
    // `gen`: the user's session generation (logOutEverywhere ends every earlier one);
    // `jti`: this token alone (logOut ends it).
    return new SignJWT({ gen: generation })
      .setProtectedHeader({ alg: OWN_ALGORITHM, typ: 'JWT' })
      .setJti(randomBytes(16).toString('base64url'))
      .setIssuer(issuer)
      .setAudience(audience)
      .setSubject(String(userId))
      .setIssuedAt(now)
      .setExpirationTime(now + ttlSeconds)
      .sign(secret);
  };
}

/**
 * Issues and verifies bearer tokens. Verification pins the algorithm per kind of token (HS256
 * with our secret; RS256, ES256 or EdDSA with the identity provider's key set), checks `iss`,
 * `aud`, `exp` and `nbf` against the clock, and that `sub` names a user.
 */
export function createTokenIssuer(database: Database, options: TokenOptions): TokenIssuer {
  const { secret, issuer, audience, external, logger } = options;
  const clock = options.clock ?? systemClock;
  const sign = createTokenSigner(options);
  // jose refetches the set for an unknown `kid` at most once per cooldown (30 s), so a flood
  // of made-up kids costs the identity provider one request.
  const keySet = external ? createRemoteJWKSet(external.jwksUrl) : null;
  const verified = new Map<string, VerifiedToken>();
  let warnedAt = Number.NEGATIVE_INFINITY;

  async function claims(token: string): Promise<JWTPayload | null> {
    let alg: string | undefined;
    try {
      alg = decodeProtectedHeader(token).alg;
    } catch {
      return null;
    }
    const currentDate = new Date(clock.now());
    if (alg === OWN_ALGORITHM) {
      const { payload } = await jwtVerify(token, secret, {
        algorithms: [OWN_ALGORITHM],
        issuer,
        audience,
        requiredClaims: ['sub', 'exp', 'iat'],
        currentDate,
      });
      return payload;
    }
    if (!keySet || !external || alg === undefined || !EXTERNAL_ALGORITHMS.includes(alg)) {
      return null;
    }
    try {
      const { payload } = await jwtVerify(token, keySet, {
        algorithms: EXTERNAL_ALGORITHMS,
        issuer: external.issuer,
        audience,
        requiredClaims: ['sub', 'exp'],
        currentDate,
      });
      return payload;
    } catch (error) {
      if (keySetUnavailable(error) && Date.now() - warnedAt >= JWKS_WARNING_INTERVAL_MS) {
        warnedAt = Date.now();
        logger?.warn({ err: error, jwksUrl: external.jwksUrl.href }, 'JWKS unavailable');
      }
      return null;
    }
  }

  async function userExists(userId: number): Promise<boolean> {
    const [row] = await database.db
      .select({ id: users.id })
      .from(users)
      .where(eq(users.id, userId))
      .limit(1);
    return row !== undefined;
  }

  /** The session check: in memory once the user's state was read (src/chat/sessions.ts). */
  async function holds(token: VerifiedToken): Promise<boolean> {
    if (!options.sessions) return userExists(token.userId);
    return (await options.sessions.problem(token)) === null;
  }

  return {
    sign,

    async verify(token) {
      if (token.length > MAX_TOKEN_CHARS) return null;
      const known = verified.get(token);
      if (known) {
        if (known.expiresAt > clock.now()) return (await holds(known)) ? known : null;
        verified.delete(token);
        return null;
      }
      let payload: JWTPayload | null;
      try {
        payload = await claims(token);
      } catch (error) {
        if (error instanceof errors.JOSEError) return null;
        throw error;
      }
      if (!payload?.sub || !USER_ID.test(payload.sub) || payload.exp === undefined) return null;
      const userId = Number(payload.sub);
      if (!Number.isSafeInteger(userId)) return null;
      // claims() accepted HS256 only with our secret: such a token is ours.
      const own = decodeProtectedHeader(token).alg === OWN_ALGORITHM;
      const result: VerifiedToken = {
        userId,
        expiresAt: payload.exp * 1000,
        // An identity provider's token has no id of ours: its hash stands for it.
        tokenId:
          own && typeof payload.jti === 'string'
            ? payload.jti
            : createHash('sha256').update(token).digest('base64url'),
        // The identity provider's sessions are its own: only logOut and suspension end them.
        generation: own ? (typeof payload.gen === 'number' ? payload.gen : 0) : null,
      };
      if (!(await holds(result))) return null;
      if (verified.size >= VERIFIED_CACHE_SIZE) verified.clear();
      verified.set(token, result);
      return result;
    },
  };
}

/** Access tokens for seeded users, signed the way the server signs them (same secret, same code). */
import { createTokenSigner } from '../../src/chat/tokens.js';
import { loadConfig } from '../../src/config.js';

const TOKEN_TTL_SECONDS = 3_600;

export function tokenSigner(jwtSecret: string): (userId: number) => Promise<string> {
  // The server runs with the default issuer and audience.
  const { jwtIssuer, jwtAudience } = loadConfig({ JWT_SECRET: jwtSecret });
  return createTokenSigner({
    secret: new TextEncoder().encode(jwtSecret),
    ttlSeconds: TOKEN_TTL_SECONDS,
    issuer: jwtIssuer,
    audience: jwtAudience,
  });
}

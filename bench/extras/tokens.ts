/** Access tokens for seeded users, signed the way the server signs them (same secret, same code). */
import { createTokenIssuer } from '../../src/chat/tokens.js';

const TOKEN_TTL_SECONDS = 3_600;

export function tokenSigner(jwtSecret: string): (userId: number) => Promise<string> {
  const issuer = createTokenIssuer(new TextEncoder().encode(jwtSecret), TOKEN_TTL_SECONDS);
  return (userId) => issuer.sign(userId);
}

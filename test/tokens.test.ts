import { decodeJwt, decodeProtectedHeader, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { idOf } from '../src/schema/global-id.js';
import { codeOf, dataOf, request } from './support/client.js';
import { Me } from './support/documents.js';
import { IDP_ISSUER, type IdpAlgorithm, startIdp, type TestIdp } from './support/jwks.js';
import { startServer, type TestServer } from './support/server.js';
import { attempt, TRANSPORTS } from './support/token-attempts.js';
import { signUp, type TestUser } from './support/users.js';

const ISSUER = 'https://chat.example.test';
const AUDIENCE = 'chat-web';

let idp: TestIdp;
let server: TestServer;
beforeAll(async () => {
  idp = await startIdp();
  server = await startServer({
    JWT_ISSUER: ISSUER,
    JWT_AUDIENCE: AUDIENCE,
    JWT_JWKS_URL: idp.jwksUrl,
    JWT_JWKS_ISSUER: IDP_ISSUER,
  });
});
afterAll(async () => {
  await server.stop();
  await idp.stop();
});

const now = () => Math.floor(Date.now() / 1000);
const userId = (user: TestUser) => String(idOf(user.id, 'User'));

/** A token signed with the server's own secret: `claims` replace the right ones. */
function ownToken(claims: Record<string, unknown>) {
  return new SignJWT({ iss: ISSUER, aud: AUDIENCE, iat: now(), exp: now() + 600, ...claims })
    .setProtectedHeader({ alg: 'HS256' })
    .sign(new TextEncoder().encode(server.config.jwtSecret as string));
}

const idpClaims = (sub: string) => ({
  sub,
  iss: IDP_ISSUER,
  aud: AUDIENCE,
  iat: now(),
  exp: now() + 600,
});

describe('tokens we issue', () => {
  it('carry the configured issuer and audience, HS256, and are checked against them', async () => {
    const ann = await signUp(server, 'ann');
    expect(decodeProtectedHeader(ann.token).alg).toBe('HS256');
    expect(decodeJwt(ann.token)).toMatchObject({ iss: ISSUER, aud: AUDIENCE, sub: userId(ann) });
    const right = await ownToken({ sub: userId(ann) });
    expect(dataOf(await request(server.httpUrl, Me, undefined, right)).me?.username).toBe(
      ann.username,
    );
    // What a server with the default settings issues, signed with the same secret.
    for (const wrong of [{ iss: 'chat-backend' }, { aud: 'chat-api' }]) {
      const token = await ownToken({ sub: userId(ann), ...wrong });
      expect(codeOf(await request(server.httpUrl, Me, undefined, token))).toBe('UNAUTHENTICATED');
    }
  });

  it('refuse a well-signed token whose sub names no user', async () => {
    for (const sub of ['987654321', '0', '-1', '01', 'admin', '1.5']) {
      const token = await ownToken({ sub });
      expect(codeOf(await request(server.httpUrl, Me, undefined, token)), sub).toBe(
        'UNAUTHENTICATED',
      );
    }
  });
});

describe('an external identity provider (JWT_JWKS_URL)', () => {
  it.each<IdpAlgorithm>(['RS256', 'ES256', 'EdDSA'])(
    'accepts its %s tokens on every transport, as the user in sub',
    async (alg) => {
      const bea = await signUp(server, 'bea');
      const token = await idp.sign(alg, idpClaims(userId(bea)));
      const me = dataOf(await request(server.httpUrl, Me, undefined, token)).me;
      expect(me?.username).toBe(bea.username);
      for (const transport of TRANSPORTS) {
        expect(await attempt(server, transport, token), transport).toBe('accepted');
      }
    },
  );

  it('refuses its token for a user id we do not have', async () => {
    const token = await idp.sign('ES256', idpClaims('987654321'));
    for (const transport of TRANSPORTS) {
      expect(await attempt(server, transport, token), transport).toBe('refused');
    }
  });

  it('refuses its tokens (UNAUTHENTICATED, no internal error) while the key set is unreachable', async () => {
    const unreachable = await startIdp();
    await unreachable.stop();
    const own = await startServer({
      JWT_AUDIENCE: AUDIENCE,
      JWT_JWKS_URL: unreachable.jwksUrl,
      JWT_JWKS_ISSUER: IDP_ISSUER,
    });
    try {
      const cy = await signUp(own, 'cy');
      const token = await idp.sign('RS256', idpClaims(userId(cy)));
      expect(codeOf(await request(own.httpUrl, Me, undefined, token))).toBe('UNAUTHENTICATED');
      // Our own tokens do not depend on it.
      expect(dataOf(await cy.run(Me)).me?.username).toBe(cy.username);
    } finally {
      await own.stop();
    }
  });
});

import { randomUUID } from 'node:crypto';
import { base64url, generateKeyPair, type JWTPayload, SignJWT, UnsecuredJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_TOKEN_CHARS } from '../src/chat/tokens.js';
import { idOf } from '../src/schema/global-id.js';
import { IDP_ISSUER, startIdp, type TestIdp } from './support/jwks.js';
import { startServer, type TestServer } from './support/server.js';
import { attempt, type Outcome, TRANSPORTS, type Transport } from './support/token-attempts.js';
import { signUp } from './support/users.js';

/** Tokens with made-up key ids, per transport: none may make the server refetch the key set. */
const UNKNOWN_KIDS = 25;

let idp: TestIdp;
let server: TestServer;
let victim: string;
beforeAll(async () => {
  idp = await startIdp();
  server = await startServer({ JWT_JWKS_URL: idp.jwksUrl, JWT_JWKS_ISSUER: IDP_ISSUER });
  victim = String(idOf((await signUp(server, 'victim')).id, 'User'));
});
afterAll(async () => {
  await server.stop();
  await idp.stop();
});

const now = () => Math.floor(Date.now() / 1000);
const secret = () => new TextEncoder().encode(server.config.jwtSecret as string);

/** Claims the server would accept from itself; each forgery changes one thing. */
const ours = (changes: Record<string, unknown> = {}): JWTPayload => ({
  sub: victim,
  iss: server.config.jwtIssuer,
  aud: server.config.jwtAudience,
  iat: now(),
  exp: now() + 600,
  ...changes,
});
/** Claims the server would accept from the identity provider. */
const theirs = (changes: Record<string, unknown> = {}) => ours({ iss: IDP_ISSUER, ...changes });

const signOurs = (changes: Record<string, unknown> = {}, alg = 'HS256') =>
  new SignJWT(ours(changes)).setProtectedHeader({ alg, typ: 'JWT' }).sign(secret());

/** The token with one bit of its signature's tenth byte flipped. */
function flipSignatureByte(token: string): string {
  const [header, payload, signature] = token.split('.') as [string, string, string];
  const bytes = base64url.decode(signature);
  bytes[10] = (bytes[10] as number) ^ 0x01;
  return `${header}.${payload}.${base64url.encode(bytes)}`;
}

/** Each forgery, with how to make it (fresh per transport: made now, for the victim). */
const FORGERIES: [string, () => Promise<string>][] = [
  ['alg none', async () => new UnsecuredJWT(ours()).encode()],
  ['alg none, identity provider claims', async () => new UnsecuredJWT(theirs()).encode()],
  [
    'HS256 signed with the RSA public key (HS/RS confusion)',
    async () =>
      new SignJWT(theirs())
        .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
        .sign(new TextEncoder().encode(await idp.rsaPublicPem())),
  ],
  ['our secret, HS512 (algorithm not pinned)', () => signOurs({}, 'HS512')],
  ['wrong iss', () => signOurs({ iss: 'https://evil.example' })],
  [
    'wrong iss, identity provider key',
    () => idp.sign('RS256', theirs({ iss: 'https://evil.example' })),
  ],
  [
    'our iss, identity provider key',
    () => idp.sign('ES256', theirs({ iss: server.config.jwtIssuer })),
  ],
  ['wrong aud', () => signOurs({ aud: 'another-api' })],
  ['wrong aud, identity provider key', () => idp.sign('EdDSA', theirs({ aud: 'another-api' }))],
  ['no aud', () => signOurs({ aud: undefined })],
  ['expired', () => signOurs({ iat: now() - 3600, exp: now() - 60 })],
  ['expired, identity provider key', () => idp.sign('RS256', theirs({ exp: now() - 60 }))],
  ['future nbf', () => signOurs({ nbf: now() + 3600 })],
  ['future nbf, identity provider key', () => idp.sign('ES256', theirs({ nbf: now() + 3600 }))],
  ['flipped signature byte', async () => flipSignatureByte(await signOurs())],
  [
    'flipped signature byte, identity provider key',
    async () => flipSignatureByte(await idp.sign('RS256', theirs())),
  ],
  ['unknown user id', () => signOurs({ sub: '987654321' })],
  [
    `oversized (over ${MAX_TOKEN_CHARS} characters, validly signed)`,
    () => signOurs({ padding: 'x'.repeat(MAX_TOKEN_CHARS) }),
  ],
];

const cells: { forgery: string; transport: Transport; outcome: Outcome }[] = [];

describe('forged tokens', () => {
  it('the unforged ones are accepted on every transport (the control)', async () => {
    const controls = [
      await signOurs(),
      await idp.sign('RS256', theirs()),
      await idp.sign('ES256', theirs()),
      await idp.sign('EdDSA', theirs()),
    ];
    for (const token of controls) {
      for (const transport of TRANSPORTS) {
        expect(await attempt(server, transport, token), transport).toBe('accepted');
      }
    }
  });

  it.each(FORGERIES)('refuses %s on HTTP, SSE and WebSocket', async (forgery, make) => {
    for (const transport of TRANSPORTS) {
      const outcome = await attempt(server, transport, await make());
      cells.push({ forgery, transport, outcome });
      expect(outcome, transport).toBe('refused');
    }
  });

  it(`refuses a flood of unknown kids without refetching the key set per token`, async () => {
    // Signed by a key the provider never published, each with a kid it never had.
    const { privateKey } = await generateKeyPair('RS256');
    const before = idp.requests();
    for (const transport of TRANSPORTS) {
      let refused = 0;
      for (let i = 0; i < UNKNOWN_KIDS; i++) {
        const token = await new SignJWT(theirs())
          .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: randomUUID() })
          .sign(privateKey);
        if ((await attempt(server, transport, token)) === 'refused') refused += 1;
      }
      cells.push({
        forgery: `${UNKNOWN_KIDS} unknown kids`,
        transport,
        outcome: refused === UNKNOWN_KIDS ? 'refused' : 'accepted',
      });
      expect(refused, transport).toBe(UNKNOWN_KIDS);
    }
    // jose refetches for an unknown kid at most once per 30 s cooldown.
    expect(idp.requests() - before).toBeLessThanOrEqual(1);
    console.log(
      `JWKS requests during the flood of ${UNKNOWN_KIDS * 3} unknown kids: ${idp.requests() - before}`,
    );
  });

  it('prints the table: every cell refused', () => {
    const rows = [...new Set(cells.map((c) => c.forgery))].map((forgery) => {
      const row: Record<string, string> = { forgery };
      for (const transport of TRANSPORTS) {
        row[transport] = cells.find((c) => c.forgery === forgery && c.transport === transport)
          ?.outcome as string;
      }
      return row;
    });
    const accepted = cells.filter((c) => c.outcome === 'accepted').length;
    console.table(rows);
    const tokens = FORGERIES.length * TRANSPORTS.length + UNKNOWN_KIDS * TRANSPORTS.length;
    console.log(`forgery cells tried: ${cells.length} (${tokens} tokens), accepted: ${accepted}`);
    expect(cells.length).toBe((FORGERIES.length + 1) * TRANSPORTS.length);
    expect(accepted).toBe(0);
  });
});

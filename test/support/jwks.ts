import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type CryptoKey, exportJWK, exportSPKI, generateKeyPair, type JWK, SignJWT } from 'jose';

export const IDP_ISSUER = 'https://idp.example.test/';

export type IdpAlgorithm = 'RS256' | 'ES256' | 'EdDSA';
const ALGORITHMS: IdpAlgorithm[] = ['RS256', 'ES256', 'EdDSA'];

interface IdpKey {
  alg: IdpAlgorithm;
  kid: string;
  privateKey: CryptoKey;
  publicKey: CryptoKey;
}

/** An identity provider as the server sees one: a JWKS endpoint over HTTP, and its keys. */
export interface TestIdp {
  jwksUrl: string;
  /** GET requests the JWKS endpoint answered. */
  requests(): number;
  /** A token signed by the provider's key for `alg` (its kid in the header unless overridden). */
  sign(
    alg: IdpAlgorithm,
    claims: Record<string, unknown>,
    header?: { kid?: string },
  ): Promise<string>;
  /** The RS256 key's public half as PEM: what an HS/RS confusion forgery uses as HMAC secret. */
  rsaPublicPem(): Promise<string>;
  stop(): Promise<void>;
}

/** Starts a JWKS server on an ephemeral port with one RS256, one ES256 and one EdDSA key. */
export async function startIdp(): Promise<TestIdp> {
  const keys: IdpKey[] = [];
  for (const alg of ALGORITHMS) {
    const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
    keys.push({ alg, kid: `${alg}-${randomUUID()}`, privateKey, publicKey });
  }
  const jwks: { keys: JWK[] } = {
    keys: await Promise.all(
      keys.map(async (k) => ({
        ...(await exportJWK(k.publicKey)),
        kid: k.kid,
        alg: k.alg,
        use: 'sig',
      })),
    ),
  };
  let requests = 0;
  const server = createServer((req, res) => {
    requests += 1;
    if (req.url !== '/jwks.json') {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(jwks));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const keyOf = (alg: IdpAlgorithm) => keys.find((k) => k.alg === alg) as IdpKey;
  return {
    jwksUrl: `http://127.0.0.1:${port}/jwks.json`,
    requests: () => requests,
    sign(alg, claims, header = {}) {
      const key = keyOf(alg);
      return new SignJWT(claims)
        .setProtectedHeader({ alg, typ: 'JWT', kid: header.kid ?? key.kid })
        .sign(key.privateKey);
    },
    rsaPublicPem: () => exportSPKI(keyOf('RS256').publicKey),
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

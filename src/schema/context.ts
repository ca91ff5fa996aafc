import type { ChatDeps } from '../chat/deps.js';
import type { VerifiedToken } from '../chat/tokens.js';
import { Loaders, RowSet } from './loaders.js';

export interface Viewer {
  id: number;
  /** Epoch ms when the token expires (a WebSocket closes then). */
  tokenExpiresAt: number;
  /** The token's session (logOut ends it; sockets and streams re-check it when it changes). */
  token: VerifiedToken;
}

export const viewerOf = (token: VerifiedToken): Viewer => ({
  id: token.userId,
  tokenExpiresAt: token.expiresAt,
  token,
});

export interface Context {
  deps: ChatDeps;
  viewer: Viewer | null;
  /** The peer's address (rate limits of anonymous operations). */
  clientAddress: string;
  loaders: Loaders;
}

/** The context of an operation on a WebSocket, whose viewer the connection verified. */
export function socketContext(
  deps: ChatDeps,
  viewer: Viewer | null,
  clientAddress: string,
): Context {
  return {
    deps,
    viewer,
    clientAddress,
    loaders: new Loaders(new RowSet(deps), viewer?.id ?? null),
  };
}

/** Reads the bearer token from an HTTP header or graphql-ws connectionParams. */
export function bearerToken(
  authorization: string | null | undefined,
  connectionParams?: Record<string, unknown> | null,
): string | null {
  const fromParams = connectionParams?.authorization ?? connectionParams?.Authorization;
  const header = typeof fromParams === 'string' ? fromParams : authorization;
  if (header) {
    const match = /^Bearer\s+(\S+)$/i.exec(header.trim());
    return match?.[1] ?? null;
  }
  const raw = connectionParams?.token;
  return typeof raw === 'string' && raw.length > 0 ? raw : null;
}

/**
 * Verifies the token (if any) and builds per-request loaders. Writes nothing. A WebSocket
 * passes the viewer its connection already verified.
 */
export async function createContext(
  deps: ChatDeps,
  token: string | null,
  clientAddress: string,
  known?: Viewer | null,
): Promise<Context> {
  let viewer = known ?? null;
  if (known === undefined && token) {
    const verified = await deps.tokens.verify(token);
    viewer = verified ? viewerOf(verified) : null;
  }
  return {
    deps,
    viewer,
    clientAddress,
    loaders: new Loaders(new RowSet(deps), viewer?.id ?? null),
  };
}

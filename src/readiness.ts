export type PartState = 'up' | 'down';

/**
 * `ready`: every part answers. `degraded`: an optional part is down and the service still
 * works without it (Redis: sends commit, delivery falls back to the database catch-up).
 * `down`: a part the service cannot work without is down (the database).
 */
export type ReadinessStatus = 'ready' | 'degraded' | 'down';

export interface Part {
  kind: string;
  /** Without it the service is down; without an optional part, degraded. */
  required: boolean;
  ping(): Promise<void>;
}

export interface Readiness {
  status: ReadinessStatus;
  parts: Record<string, { kind: string; state: PartState; required: boolean }>;
  /** Why each part that is down failed its ping (logged, never answered to callers). */
  failures: Record<string, unknown>;
}

const TIMEOUT_MS = 2000;

async function probe(check: () => Promise<void>): Promise<unknown | null> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      check(),
      new Promise((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`no answer within ${TIMEOUT_MS} ms`)),
          TIMEOUT_MS,
        );
      }),
    ]);
    return null;
  } catch (error) {
    return error ?? new Error('ping failed');
  } finally {
    clearTimeout(timer);
  }
}

/** Pings every part at once. */
export async function checkReadiness(parts: Record<string, Part>): Promise<Readiness> {
  const probed = await Promise.all(
    Object.entries(parts).map(
      async ([name, part]) => [name, part, await probe(part.ping)] as const,
    ),
  );
  const readiness: Readiness = { status: 'ready', parts: {}, failures: {} };
  for (const [name, part, failure] of probed) {
    readiness.parts[name] = {
      kind: part.kind,
      state: failure ? 'down' : 'up',
      required: part.required,
    };
    if (!failure) continue;
    readiness.failures[name] = failure;
    if (part.required) readiness.status = 'down';
    else if (readiness.status === 'ready') readiness.status = 'degraded';
  }
  return readiness;
}

/** What /readyz answers: 503 only when the service is down; degraded still takes traffic. */
export function readinessResponse(readiness: Readiness): { status: number; body: string } {
  return {
    status: readiness.status === 'down' ? 503 : 200,
    body: JSON.stringify({
      status: readiness.status,
      ready: readiness.status !== 'down',
      parts: readiness.parts,
    }),
  };
}

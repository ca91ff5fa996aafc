export type PartState = 'up' | 'down';

export interface Readiness {
  ready: boolean;
  parts: Record<string, { state: PartState; kind: string; error?: string }>;
}

const TIMEOUT_MS = 2000;

async function probe(check: () => Promise<void>): Promise<{ state: PartState; error?: string }> {
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
    return { state: 'up' };
  } catch (error) {
    return { state: 'down', error: error instanceof Error ? error.message : String(error) };
  } finally {
    clearTimeout(timer);
  }
}

/** Pings every part at once; ready when all answer. */
export async function checkReadiness(
  parts: Record<string, { kind: string; ping: () => Promise<void> }>,
): Promise<Readiness> {
  const entries = await Promise.all(
    Object.entries(parts).map(
      async ([name, part]) => [name, { kind: part.kind, ...(await probe(part.ping)) }] as const,
    ),
  );
  return { ready: entries.every(([, p]) => p.state === 'up'), parts: Object.fromEntries(entries) };
}

/**
 * The clientId every benchmark message carries: "<phase>.<sender>.<seq>.<index>".
 *  - phase:  which measurement phase sent it (late deliveries from an earlier
 *            phase are counted as stale instead of corrupting the next one)
 *  - sender: sender index (one sender per room)
 *  - seq:    per-sender sequence number, for loss/duplicate/reorder detection
 *  - index:  phase-wide message index, to look up the intended send time
 */

export interface MessageId {
  phase: number;
  sender: number;
  seq: number;
  index: number;
}

export function encodeMessageId(id: MessageId): string {
  return `${id.phase}.${id.sender}.${id.seq}.${id.index}`;
}

export function decodeMessageId(clientId: string): MessageId | undefined {
  const parts = clientId.split('.');
  if (parts.length !== 4) return undefined;
  const [phase, sender, seq, index] = parts.map(Number) as [number, number, number, number];
  if (![phase, sender, seq, index].every(Number.isInteger)) return undefined;
  return { phase, sender, seq, index };
}

/** 64-byte ASCII body, as the workload spec asks. */
export const BODY_64_BYTES = 'x'.repeat(64);

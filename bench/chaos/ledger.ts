/**
 * Every send (its final outcome after retries) and every delivery of a run, and what they
 * add up to: acknowledged messages lost or duplicated, deliveries out of a sender's order,
 * and gaps in a receiver's inbox sequence.
 */

/** How a send ended: the server answered with the message, refused it, or never said. */
export type SendOutcome = 'acknowledged' | 'failed' | 'unknown';

export interface SendRecord {
  /** `sender:index`, also the body and (prefixed) the clientId of the message. */
  key: string;
  receiver: number;
  sender: number;
  index: number;
  outcome: SendOutcome;
  attempts: number;
  messageId?: string;
  ackedAt?: number;
}

export interface Totals {
  sends: number;
  acknowledged: number;
  failed: number;
  unknown: number;
  retries: number;
  /** Acknowledged, never delivered to its receiver. */
  lost: number;
  /** The same message (or the same key under another id) delivered twice to one receiver. */
  duplicated: number;
  /** A receiver got a sender's message after a later one of the same sender. */
  reordered: number;
  /** A receiver's inbox sequence skipped a number (within and across its subscriptions). */
  gaps: number;
  /** ResyncEvents received (none expected: nothing here is older than retention). */
  resyncs: number;
  /** Worst and 99th-percentile time from acknowledgement to delivery, in milliseconds. */
  maxDelayMs: number;
  p99DelayMs: number;
  /** Subscriptions opened again with inbox(after: lastCursor). */
  resumes: number;
  errorResults: number;
}

interface ReceiverState {
  lastSeq: number | null;
  seenIds: Set<string>;
  seenKeys: Map<string, number>;
  lastIndexBySender: Map<number, number>;
}

export class Ledger {
  private sends = new Map<string, SendRecord>();
  private receivers = new Map<number, ReceiverState>();
  private duplicated = 0;
  private reordered = 0;
  private gaps = 0;
  private resyncs = 0;
  resumes = 0;
  /** `next` results with errors instead of an event (the receiver resumes from its last cursor). */
  errorResults = 0;
  /** Listeners told of each new delivery (to wait for the stragglers). */
  private onDelivery: (() => void) | null = null;

  recordSend(record: SendRecord): void {
    this.sends.set(record.key, record);
  }

  private receiver(id: number): ReceiverState {
    let state = this.receivers.get(id);
    if (!state) {
      state = {
        lastSeq: null,
        seenIds: new Set(),
        seenKeys: new Map(),
        lastIndexBySender: new Map(),
      };
      this.receivers.set(id, state);
    }
    return state;
  }

  /** One inbox event as a receiver got it; `key` only for this run's messages. */
  recordEvent(
    receiver: number,
    event: { seq: number; kind: string; messageId?: string; key?: string },
  ): void {
    const state = this.receiver(receiver);
    if (event.kind === 'ResyncEvent') {
      this.resyncs += 1;
      state.lastSeq = event.seq;
      return;
    }
    if (state.lastSeq !== null && event.seq !== state.lastSeq + 1) this.gaps += 1;
    state.lastSeq = event.seq;
    if (event.messageId === undefined || event.key === undefined) return;
    if (state.seenIds.has(event.messageId) || state.seenKeys.has(event.key)) {
      this.duplicated += 1;
      return;
    }
    state.seenIds.add(event.messageId);
    state.seenKeys.set(event.key, Date.now());
    const [sender, index] = event.key.split(':').map(Number) as [number, number];
    const last = state.lastIndexBySender.get(sender) ?? -1;
    if (index < last) this.reordered += 1;
    else state.lastIndexBySender.set(sender, index);
    this.onDelivery?.();
  }

  /** Acknowledged sends not yet delivered to their receiver. */
  missing(): SendRecord[] {
    return [...this.sends.values()].filter(
      (s) => s.outcome === 'acknowledged' && !this.receiver(s.receiver).seenKeys.has(s.key),
    );
  }

  /** Resolves when every acknowledged send was delivered, or at the deadline. */
  async settle(deadlineMs: number): Promise<void> {
    const deadline = Date.now() + deadlineMs;
    while (this.missing().length > 0 && Date.now() < deadline) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 250);
        this.onDelivery = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.onDelivery = null;
    }
  }

  /** The slowest deliveries (for CHAOS_DEBUG). */
  slowest(count: number): string[] {
    return [...this.sends.values()]
      .filter((s) => s.ackedAt !== undefined)
      .map((s) => ({ s, at: this.receiver(s.receiver).seenKeys.get(s.key) }))
      .filter((d) => d.at !== undefined)
      .sort(
        (a, b) =>
          (b.at as number) - (b.s.ackedAt as number) - ((a.at as number) - (a.s.ackedAt as number)),
      )
      .slice(0, count)
      .map(
        ({ s, at }) =>
          `${s.key} -> r${s.receiver} acked ${new Date(s.ackedAt as number).toISOString()} delivered ${new Date(at as number).toISOString()} attempts ${s.attempts}`,
      );
  }

  totals(): Totals {
    const all = [...this.sends.values()];
    const count = (outcome: SendOutcome) => all.filter((s) => s.outcome === outcome).length;
    const delays: number[] = [];
    for (const s of all) {
      const deliveredAt = this.receiver(s.receiver).seenKeys.get(s.key);
      if (s.outcome === 'acknowledged' && deliveredAt !== undefined && s.ackedAt !== undefined) {
        delays.push(Math.max(0, deliveredAt - s.ackedAt));
      }
    }
    delays.sort((a, b) => a - b);
    return {
      sends: all.length,
      acknowledged: count('acknowledged'),
      failed: count('failed'),
      unknown: count('unknown'),
      retries: all.reduce((n, s) => n + s.attempts - 1, 0),
      lost: this.missing().length,
      duplicated: this.duplicated,
      reordered: this.reordered,
      gaps: this.gaps,
      resyncs: this.resyncs,
      maxDelayMs: delays.at(-1) ?? 0,
      p99DelayMs: delays[Math.floor(delays.length * 0.99)] ?? delays.at(-1) ?? 0,
      resumes: this.resumes,
      errorResults: this.errorResults,
    };
  }
}

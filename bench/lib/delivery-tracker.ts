/**
 * Bookkeeping for one measurement phase: which messages were sent when, and
 * what every receiver got. Yields loss / duplicate / reorder counts per
 * receiver, per-message completion (for closed-loop pacing) and latency from
 * each message's INTENDED send time.
 */
import { decodeMessageId } from './message-id.ts';
import { SampleRecorder } from './sample-recorder.ts';

/** Which room each receiver is in; each room has exactly one sender (sender index == room). */
export interface PhaseTopology {
  rooms: number;
  receiverRoom: readonly number[];
  fanout: number;
}

export interface DeliveryIntegrity {
  /** Expected deliveries that never arrived (after draining). */
  lost: number;
  /** Deliveries of a message the receiver had already seen. */
  duplicated: number;
  /** Deliveries with a lower sequence number than one already seen from the same sender. */
  reordered: number;
  /** Deliveries from a sender whose room the receiver is not in. */
  misrouted: number;
  /** Deliveries belonging to an earlier phase, or with an unparsable clientId. */
  stale: number;
  /** Receivers with at least one lost/duplicated/reordered/misrouted delivery. */
  receiversAffected: number;
}

/** Per (receiver, sender) sequence bitmap: tolerates reordering, detects duplicates exactly. */
class SequenceTracker {
  private seen = new Uint8Array(256);
  private highestSeq = -1;
  unique = 0;
  duplicated = 0;
  reordered = 0;

  /** Returns false for a duplicate. */
  accept(seq: number): boolean {
    const byte = seq >>> 3;
    if (byte >= this.seen.length) {
      const grown = new Uint8Array(Math.max(this.seen.length * 2, byte + 1));
      grown.set(this.seen);
      this.seen = grown;
    }
    const bit = 1 << (seq & 7);
    if ((this.seen[byte]! & bit) !== 0) {
      this.duplicated++;
      return false;
    }
    this.seen[byte]! |= bit;
    this.unique++;
    if (seq < this.highestSeq) this.reordered++;
    else this.highestSeq = seq;
    return true;
  }
}

function grow<T extends Float64Array | Uint16Array>(
  array: T,
  minLength: number,
  make: (n: number) => T,
): T {
  if (minLength <= array.length) return array;
  const grown = make(Math.max(array.length * 2, minLength));
  grown.set(array);
  return grown;
}

export class PhaseTracker {
  private intendedAtMs = new Float64Array(4096);
  private deliveredCount = new Uint16Array(4096);
  private readonly sentPerSender: number[];
  private readonly receivers: SequenceTracker[];
  private staleDeliveries = 0;
  private misrouted = 0;
  private sent = 0;
  /** Deliveries received so far in this phase (monotonic; sample it to get rates). */
  deliveries = 0;
  /** Messages delivered to all `fanout` receivers. */
  completedMessages = 0;
  readonly latencyMs = new SampleRecorder();
  /** Called whenever a message reached every receiver of its room. */
  onMessageComplete: (() => void) | undefined;
  /** Only messages intended inside [start, end) contribute latency samples (warm-up excluded). */
  latencyWindowMs = { start: Number.POSITIVE_INFINITY, end: Number.POSITIVE_INFINITY };

  constructor(
    readonly phase: number,
    private readonly topology: PhaseTopology,
  ) {
    this.sentPerSender = new Array<number>(topology.rooms).fill(0);
    this.receivers = topology.receiverRoom.map(() => new SequenceTracker());
  }

  get sentMessages(): number {
    return this.sent;
  }

  /** Reserve the next message of `sender`; returns its phase-wide index and per-sender sequence. */
  registerSend(sender: number, intendedAtMs: number): { index: number; seq: number } {
    const index = this.sent++;
    const seq = this.sentPerSender[sender]!;
    this.sentPerSender[sender] = seq + 1;
    this.intendedAtMs = grow(this.intendedAtMs, index + 1, (n) => new Float64Array(n));
    this.deliveredCount = grow(this.deliveredCount, index + 1, (n) => new Uint16Array(n));
    this.intendedAtMs[index] = intendedAtMs;
    return { index, seq };
  }

  onDelivery(receiver: number, clientId: string, receivedAtMs: number): void {
    const id = decodeMessageId(clientId);
    if (id === undefined || id.phase !== this.phase || id.index >= this.sent) {
      this.staleDeliveries++;
      return;
    }
    if (id.sender !== this.topology.receiverRoom[receiver]) {
      this.misrouted++;
      return;
    }
    this.deliveries++;
    // A duplicate must neither count towards completion nor add a latency sample.
    if (!this.receivers[receiver]!.accept(id.seq)) return;
    const intended = this.intendedAtMs[id.index]!;
    if (intended >= this.latencyWindowMs.start && intended < this.latencyWindowMs.end) {
      this.latencyMs.record(receivedAtMs - intended);
    }
    const count = ++this.deliveredCount[id.index]!;
    if (count === this.topology.fanout) {
      this.completedMessages++;
      this.onMessageComplete?.();
    }
  }

  /** True once every sent message reached every receiver of its room. */
  get drained(): boolean {
    return this.completedMessages >= this.sent;
  }

  integrity(): DeliveryIntegrity {
    let lost = 0;
    let duplicated = 0;
    let reordered = 0;
    let receiversAffected = 0;
    this.receivers.forEach((tracker, receiver) => {
      const expected = this.sentPerSender[this.topology.receiverRoom[receiver]!]!;
      const missing = Math.max(0, expected - tracker.unique);
      lost += missing;
      duplicated += tracker.duplicated;
      reordered += tracker.reordered;
      if (missing + tracker.duplicated + tracker.reordered > 0) receiversAffected++;
    });
    return {
      lost,
      duplicated,
      reordered,
      misrouted: this.misrouted,
      stale: this.staleDeliveries,
      receiversAffected: receiversAffected + (this.misrouted > 0 ? 1 : 0),
    };
  }
}

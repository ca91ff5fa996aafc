import { type ExecutionResult, getArgumentValues, getVariableValues, locatedError } from 'graphql';
import type { WebSocket } from 'ws';
import { type InboxItem, inboxCursor } from '../chat/inbox/item.js';
import type { InboxSubscription } from '../chat/inbox/stream.js';
import type { InboxOperation } from '../compiled-documents.js';
import { type Context, forgetRows } from '../schema/context.js';
import { withContractCode } from '../schema/mask-error.js';
import type { Shareable } from './shared-results.js';
import { type OperationEnvironment, type RawSocket, SocketOperation } from './socket-operation.js';

/** Above this many unsent bytes on a socket, delivery waits for the kernel to take them. */
const HIGH_WATER_BYTES = 1 << 20;
/** Most events written in one go (one system call) when many are queued. */
const BATCH_MAX = 256;

/** Resolves when the kernel took the socket's backlog, or the socket closed. */
const drained = (raw: RawSocket) =>
  new Promise<void>((resolve) => {
    const done = () => {
      raw.off('drain', done);
      raw.off('close', done);
      resolve();
    };
    raw.once('drain', done);
    raw.once('close', done);
  });

/** One recipient's result per live event and document; gone with the event's doorbell. */
const sharedResults = new WeakMap<object, Map<InboxOperation, ExecutionResult>>();

/** A shared result with this recipient's cursor in it (stringified right after, synchronously). */
function withCursor(result: ExecutionResult, shareable: Shareable, item: InboxItem) {
  const event = result.data?.[shareable.dataKey] as Record<string, unknown> | undefined;
  if (event) {
    const cursor = inboxCursor(item.userId, item.seq);
    for (const key of shareable.cursorKeys) event[key] = cursor;
  }
  return result;
}

/**
 * Serves `subscription { inbox ... }` without graphql-ws's per-event machinery: each event
 * runs the pre-compiled selection (graphql-jit) and is written to the socket without
 * waiting for the write to finish. The event counts as delivered when ws reports it
 * written; a socket with more than HIGH_WATER_BYTES unsent waits instead of buffering on.
 * The frames are exactly what graphql-ws would send.
 *
 * It sits in graphql-ws's table of the socket's operations (an async-iterator lookalike),
 * so a client `complete`, a duplicate id and the socket closing are handled as for any
 * other operation. One object per subscription, methods on the prototype: thousands of
 * idle subscriptions cost little memory.
 */
export class InboxDelivery extends SocketOperation {
  private stream: InboxSubscription | null = null;
  private stopped = false;
  private readonly prefix: string;

  constructor(
    env: OperationEnvironment,
    socket: WebSocket,
    subscriptions: Record<string, unknown>,
    id: string,
    private readonly operation: InboxOperation,
    private readonly variables: Record<string, unknown> | null | undefined,
    /** Holds no loaders between events: the inbox resolver makes fresh ones per event. */
    private readonly context: Context,
  ) {
    super(env, socket, subscriptions, id);
    this.prefix = `{"id":${JSON.stringify(id)},"type":"next","payload":`;
    this.run().catch((error: unknown) => this.fail(error));
  }

  protected async stop() {
    this.stopped = true;
    await this.stream?.return();
  }

  private get live(): boolean {
    return !this.stopped && this.registered;
  }

  private async run() {
    const { operation } = this;
    const coerced = getVariableValues(
      this.env.schema,
      operation.operation.variableDefinitions ?? [],
      this.variables ?? {},
    );
    // Bad variables are the client's input to fix, as on every other path.
    if (coerced.errors) return this.refuse(coerced.errors.map((e) => withContractCode(e).toJSON()));
    let stream: InboxSubscription;
    try {
      const args = getArgumentValues(operation.fieldDef, operation.field, coerced.coerced);
      const after = args.after as string | null | undefined;
      stream = await this.context.deps.inbox.open(this.context.viewer?.id ?? 0, after, {
        manualAck: true,
      });
    } catch (error) {
      return this.refuse([this.errorJson(locatedError(error, [operation.field], ['inbox']))]);
    }
    this.stream = stream;
    const { raw } = this;
    while (this.live) {
      const step = await stream.next();
      if (step.done || !this.live) break;
      // Everything already queued (a replay page, a burst) goes out in one write.
      raw?.cork();
      try {
        let item: InboxItem | undefined = step.value;
        for (let n = 0; item && n < BATCH_MAX; n++) {
          let frame = this.frameFor(item);
          if (typeof frame !== 'string') frame = await frame;
          if (!this.live || this.socket.readyState !== this.socket.OPEN) break;
          const seq = item.seq;
          this.socket.send(frame, (error) => {
            if (!error) stream.ack(seq);
          });
          item = n + 1 < BATCH_MAX ? stream.poll() : undefined;
        }
      } finally {
        raw?.uncork();
      }
      if (raw && this.socket.bufferedAmount >= HIGH_WATER_BYTES) await drained(raw);
    }
    // Ended by the hub stopping, a closed socket or the client: the stream goes either way.
    await stream.return();
    this.complete();
  }

  /**
   * Synchronous when the event's rows are at hand (the usual case): no promise per event.
   * A live event to many recipients runs once per document on this instance when the
   * selection is the same for all of them (see shared-results.ts): the others only get
   * their own cursor written into that result.
   */
  private frameFor(item: InboxItem): string | Promise<string> {
    const { shareable } = this.operation;
    if (shareable && item.bell) {
      const shared = sharedResults.get(item.bell)?.get(this.operation);
      if (shared) return this.frameOf(withCursor(shared, shareable, item));
    }
    const result = this.operation.compiled.query(item, this.context, this.variables);
    if (result instanceof Promise) return result.then((done) => this.frameOf(done));
    if (shareable && item.bell && !result.errors) {
      let byOperation = sharedResults.get(item.bell);
      if (!byOperation) {
        byOperation = new Map();
        sharedResults.set(item.bell, byOperation);
      }
      byOperation.set(this.operation, result);
    }
    return this.frameOf(result);
  }

  private frameOf(result: ExecutionResult): string {
    // The event's rows go with the event (the resolver makes new loaders for the next).
    forgetRows(this.context);
    return `${this.prefix}${this.payloadOf(result, this.operation.compiled.stringify)}}`;
  }

  private send(frame: string) {
    if (this.socket.readyState === this.socket.OPEN) this.socket.send(frame);
  }

  private complete() {
    if (!this.unregister()) return;
    this.send(`{"id":${JSON.stringify(this.id)},"type":"complete"}`);
  }

  /** As graphql-ws does when an operation fails before it has a stream: one result, then complete. */
  private refuse(errors: unknown[]) {
    this.send(`${this.prefix}${JSON.stringify({ errors })}}`);
    this.complete();
  }

  private fail(error: unknown) {
    this.env.logger.error({ err: error }, 'inbox delivery failed');
    if (this.unregister()) {
      this.send(JSON.stringify({ id: this.id, type: 'error', payload: [this.errorJson(error)] }));
    }
    void this.stream?.return();
  }
}

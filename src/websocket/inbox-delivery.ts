import {
  type ExecutionResult,
  type GraphQLError,
  type GraphQLSchema,
  getArgumentValues,
  getVariableValues,
  locatedError,
} from 'graphql';
import type { Logger } from 'pino';
import type { WebSocket } from 'ws';
import type { InboxSubscription } from '../chat/inbox.js';
import type { Context } from '../context.js';
import type { InboxOperation } from './compiled-documents.js';

/** Above this many unsent bytes on a socket, delivery waits for the kernel to take them. */
const HIGH_WATER_BYTES = 1 << 20;

export interface InboxDeliveryOptions {
  schema: GraphQLSchema;
  socket: WebSocket;
  /** graphql-ws's operations of this socket: ours sits there too, so a client `complete`,
   * a duplicate id and the socket closing are handled as for any other operation. */
  subscriptions: Record<string, unknown>;
  id: string;
  operation: InboxOperation;
  variables: Record<string, unknown> | null | undefined;
  context: Promise<Context>;
  maskError: (error: unknown) => Error;
  logger: Logger;
}

/**
 * Serves `subscription { inbox ... }` without graphql-ws's per-event machinery: each event
 * runs the pre-compiled selection (graphql-jit) and is written to the socket without
 * waiting for the write to finish. The event counts as delivered when ws reports it
 * written; a socket with more than HIGH_WATER_BYTES unsent waits instead of buffering on.
 * The frames are exactly what graphql-ws would send.
 */
export function deliverInbox(options: InboxDeliveryOptions): void {
  const { socket, subscriptions, id, operation, logger } = options;
  const prefix = `{"id":${JSON.stringify(id)},"type":"next","payload":`;
  let stream: InboxSubscription | null = null;
  let stopped = false;

  const handle = {
    [Symbol.asyncIterator]() {
      return this;
    },
    next: async (): Promise<IteratorResult<never>> => ({ done: true, value: undefined }),
    return: async (): Promise<IteratorResult<never>> => {
      stopped = true;
      await stream?.return();
      return { done: true, value: undefined };
    },
    throw: async (error?: unknown): Promise<IteratorResult<never>> => {
      await handle.return();
      throw error;
    },
  };
  subscriptions[id] = handle;

  const stillMine = () => !stopped && subscriptions[id] === handle;

  const send = (frame: string) => {
    if (socket.readyState === socket.OPEN) socket.send(frame);
  };
  const complete = () => {
    if (subscriptions[id] !== handle) return;
    delete subscriptions[id];
    send(`{"id":${JSON.stringify(id)},"type":"complete"}`);
  };
  const payloadOf = (result: ExecutionResult): string =>
    result.errors
      ? JSON.stringify({
          ...(result.data !== undefined ? { data: result.data } : {}),
          errors: result.errors.map((error) => maskToJson(options.maskError, error)),
        })
      : operation.compiled.stringify(result);
  /** As graphql-ws does when the operation fails before producing a stream: one result, then complete. */
  const refuse = (errors: readonly GraphQLError[]) => {
    send(`${prefix}${payloadOf({ errors })}}`);
    complete();
  };

  async function run() {
    const context = await options.context;
    const coerced = getVariableValues(
      options.schema,
      operation.operation.variableDefinitions ?? [],
      options.variables ?? {},
    );
    if (coerced.errors) return refuse(coerced.errors);
    let after: string | null | undefined;
    try {
      const args = getArgumentValues(operation.fieldDef, operation.field, coerced.coerced);
      after = args.after as string | null | undefined;
      stream = await context.deps.inbox.open(context.viewer?.id ?? 0, after, { manualAck: true });
    } catch (error) {
      return refuse([locatedError(error, [operation.field], ['inbox'])]);
    }
    if (!stillMine()) {
      await stream.return();
      return;
    }
    const opened = stream;
    for (;;) {
      const step = await opened.next();
      if (step.done || !stillMine()) break;
      const item = step.value;
      let result = operation.compiled.query(item, context, options.variables);
      if (result instanceof Promise) result = await result;
      if (!stillMine()) break;
      const frame = `${prefix}${payloadOf(result)}}`;
      if (socket.readyState !== socket.OPEN) break;
      const seq = item.seq;
      const written = (error?: Error | null) => {
        if (!error) opened.ack(seq);
      };
      if (socket.bufferedAmount < HIGH_WATER_BYTES) socket.send(frame, written);
      else
        await new Promise<void>((resolve) =>
          socket.send(frame, (error) => {
            written(error);
            resolve();
          }),
        );
    }
    // Ended by the hub stopping, a closed socket or the client: the stream goes either way.
    await opened.return();
    complete();
  }

  run().catch((error: unknown) => {
    logger.error({ err: error }, 'inbox delivery failed');
    if (subscriptions[id] === handle) {
      delete subscriptions[id];
      send(
        JSON.stringify({
          id,
          type: 'error',
          payload: [maskToJson(options.maskError, error)],
        }),
      );
    }
    void stream?.return();
  });
}

function maskToJson(maskError: (error: unknown) => Error, error: unknown): unknown {
  const masked = maskError(error) as Error & { toJSON?: () => unknown };
  return masked.toJSON ? masked.toJSON() : { message: masked.message };
}

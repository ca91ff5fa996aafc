import { type ExecutionResult, execute } from 'graphql';
import type { WebSocket } from 'ws';
import type { PlainOperation } from '../compiled-documents.js';
import type { Context } from '../schema/context.js';
import { type OperationEnvironment, SocketOperation } from './socket-operation.js';

/**
 * A query or mutation sent over the socket (Apollo's and urql's WebSocket links send every
 * operation this way): executed once, answered with `next` and `complete` in one write. A
 * `complete` from the client before that drops the answer, as graphql-ws does.
 */
export class OperationRun extends SocketOperation {
  private cancelled = false;

  constructor(
    env: OperationEnvironment,
    socket: WebSocket,
    subscriptions: Record<string, unknown>,
    id: string,
    private readonly operation: PlainOperation,
    private readonly variables: Record<string, unknown> | null | undefined,
    private readonly context: Context,
  ) {
    super(env, socket, subscriptions, id);
    this.run().catch((error: unknown) => this.answer({ errors: [error as Error] } as never));
  }

  protected stop() {
    this.cancelled = true;
  }

  private async run() {
    const { operation } = this;
    const result = operation.compiled
      ? await operation.compiled.query(undefined, this.context, this.variables)
      : await execute({
          schema: this.env.schema,
          document: operation.document,
          operationName: operation.operationName,
          variableValues: this.variables,
          contextValue: this.context,
        });
    this.answer(result);
  }

  private answer(result: ExecutionResult) {
    if (this.cancelled || !this.registered) return;
    const payload = this.payloadOf(result, this.operation.compiled?.stringify ?? JSON.stringify);
    this.unregister();
    if (this.socket.readyState !== this.socket.OPEN) return;
    const id = JSON.stringify(this.id);
    // One write for both frames (ws writes each frame as soon as it is sent otherwise).
    const { raw } = this;
    raw?.cork();
    this.socket.send(`{"id":${id},"type":"next","payload":${payload}}`);
    this.socket.send(`{"id":${id},"type":"complete"}`);
    raw?.uncork();
  }
}

import type { ExecutionResult, GraphQLSchema } from 'graphql';
import type { Logger } from 'pino';
import type { WebSocket } from 'ws';

/** What every operation the server runs on a socket shares. */
export interface OperationEnvironment {
  schema: GraphQLSchema;
  maskError: (error: unknown) => Error;
  logger: Logger;
}

/** The net.Socket under a ws WebSocket: corked so several frames go out in one write. */
export interface RawSocket {
  cork(): void;
  uncork(): void;
  once(event: 'drain' | 'close', listener: () => void): void;
  off(event: 'drain' | 'close', listener: () => void): void;
}

const DONE: IteratorResult<never> = { done: true, value: undefined };

/**
 * An operation this server runs itself on a graphql-ws socket. It sits in graphql-ws's table
 * of the socket's operations (looking like an async iterator, which is what graphql-ws
 * stops), so a duplicate id is refused (4409), and a client `complete` or the socket closing
 * calls return(), as for any operation graphql-ws runs.
 */
export abstract class SocketOperation implements AsyncIterableIterator<never> {
  constructor(
    protected readonly env: OperationEnvironment,
    protected readonly socket: WebSocket,
    protected readonly subscriptions: Record<string, unknown>,
    protected readonly id: string,
  ) {
    subscriptions[id] = this;
  }

  protected get raw(): RawSocket | undefined {
    return (this.socket as unknown as { _socket?: RawSocket })._socket;
  }

  /** An error as the client sees it: masked (contract codes, nothing internal leaks). */
  protected errorJson(error: unknown): unknown {
    const masked = this.env.maskError(error) as Error & { toJSON?: () => unknown };
    return masked.toJSON ? masked.toJSON() : { message: masked.message };
  }

  /** A result's JSON: `stringify` when clean, else with its errors masked. */
  protected payloadOf(result: ExecutionResult, stringify: (result: ExecutionResult) => string) {
    if (!result.errors) return stringify(result);
    return JSON.stringify({
      ...(result.data !== undefined ? { data: result.data } : {}),
      errors: result.errors.map((error) => this.errorJson(error)),
    });
  }

  /** Still in the table and not stopped. */
  protected get registered(): boolean {
    return this.subscriptions[this.id] === this;
  }

  /** Leaves the table; true when it was there (the client still expects an answer). */
  protected unregister(): boolean {
    if (!this.registered) return false;
    delete this.subscriptions[this.id];
    return true;
  }

  [Symbol.asyncIterator]() {
    return this;
  }

  async next(): Promise<IteratorResult<never>> {
    return DONE;
  }

  async return(): Promise<IteratorResult<never>> {
    await this.stop();
    return DONE;
  }

  async throw(error?: unknown): Promise<IteratorResult<never>> {
    await this.stop();
    throw error;
  }

  /** The client or the socket is done with it (graphql-ws waits for this on close). */
  protected abstract stop(): void | Promise<void>;
}

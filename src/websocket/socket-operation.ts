import type { WebSocket } from 'ws';

const DONE: IteratorResult<never> = { done: true, value: undefined };

/**
 * An operation this server runs itself on a graphql-ws socket. It sits in graphql-ws's table
 * of the socket's operations (looking like an async iterator, which is what graphql-ws
 * stops), so a duplicate id is refused (4409), and a client `complete` or the socket closing
 * calls return(), as for any operation graphql-ws runs.
 */
export abstract class SocketOperation implements AsyncIterableIterator<never> {
  constructor(
    protected readonly socket: WebSocket,
    protected readonly subscriptions: Record<string, unknown>,
    protected readonly id: string,
  ) {
    subscriptions[id] = this;
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

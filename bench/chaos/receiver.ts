/**
 * A receiver: one inbox subscription over graphql-ws (the `graphql-ws` client). When the
 * subscription ends for any reason (its instance killed, an error) it opens a new client,
 * on the other instance when the first refuses, and resumes with inbox(after: lastCursor).
 */
import { type Client, createClient } from 'graphql-ws';
import WebSocket from 'ws';
import type { Ledger } from './ledger.ts';
import type { Party } from './sender.ts';

const INBOX = `subscription Inbox($after: String) {
  inbox(after: $after) { __typename cursor ... on MessageEvent { message { id body } } }
}`;
const RESUME_PAUSE_MS = 200;

interface InboxEvent {
  __typename: string;
  cursor: string;
  message?: { id: string; body: string };
}

/** The inbox sequence number inside a cursor (base64url of `i:userId:seq`). */
export function cursorSeq(cursor: string): number {
  return Number(Buffer.from(cursor, 'base64url').toString().split(':')[2]);
}

export class Receiver {
  private client: Client | null = null;
  private lastCursor: string | null = null;
  private stopped = false;
  private attempt = 0;
  /** Resolves once the first subscription answered (its first event or acknowledgement). */
  readonly ready: Promise<void>;
  private markReady!: () => void;

  constructor(
    private readonly party: Party,
    private readonly instances: string[],
    private readonly tag: string,
    private readonly ledger: Ledger,
  ) {
    this.ready = new Promise((resolve) => {
      this.markReady = resolve;
    });
    this.subscribe();
  }

  private subscribe() {
    const url = this.instances[this.attempt % this.instances.length] as string;
    if (process.env.CHAOS_DEBUG && this.attempt > 0)
      console.log(
        new Date().toISOString(),
        `r${this.party.index} resumes on ${url} after ${this.lastCursor}`,
      );
    const client = createClient({
      url,
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${this.party.token}` },
      retryAttempts: 0,
      lazy: true,
      on: { connected: () => this.markReady() },
    });
    this.client = client;
    let ended = false;
    const end = () => {
      if (ended) return;
      ended = true;
      client.dispose();
      if (this.stopped) return;
      this.attempt += 1;
      this.ledger.resumes += 1;
      setTimeout(() => {
        if (!this.stopped) this.subscribe();
      }, RESUME_PAUSE_MS);
    };
    client.subscribe<{ inbox: InboxEvent }>(
      { query: INBOX, variables: { after: this.lastCursor } },
      {
        next: ({ data, errors }) => {
          // Frames that arrive after this subscription was given up on belong to nobody.
          if (ended) return;
          if (errors || !data) {
            // The event (and its cursor) did not arrive: resume from the last one that did.
            this.ledger.errorResults += 1;
            if (process.env.CHAOS_DEBUG)
              console.log(
                new Date().toISOString(),
                `r${this.party.index} error result`,
                JSON.stringify(errors),
              );
            end();
            return;
          }
          this.onEvent(data.inbox);
        },
        error: (error) => {
          if (process.env.CHAOS_DEBUG)
            console.log('subscription error', String(error), (error as { code?: number }).code);
          end();
        },
        complete: end,
      },
    );
  }

  private onEvent(event: InboxEvent) {
    this.lastCursor = event.cursor;
    const [, tag, key] = event.message?.body.split(' ') ?? [];
    this.ledger.recordEvent(this.party.index, {
      seq: cursorSeq(event.cursor),
      kind: event.__typename,
      messageId: event.message?.id,
      key: tag === this.tag ? key : undefined,
    });
  }

  stop(): void {
    this.stopped = true;
    this.client?.dispose();
  }
}

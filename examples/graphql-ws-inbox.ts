import type { Client } from 'graphql-ws';
import type { SubscribeInbox } from './resumable-inbox.js';

/**
 * The inbox through the graphql-ws client itself, for resumableInbox's `subscribe`. The
 * server's errors reach `sink.error` as the GraphQL errors (each with `extensions.code`).
 */
export const graphqlWsInbox =
  <Event>(socket: Client, query: string): SubscribeInbox<Event> =>
  (variables, sink) =>
    socket.subscribe<{ inbox: Event }>(
      { query, variables },
      {
        next: ({ data, errors }) => {
          if (errors?.length) sink.error(errors);
          else if (data) sink.next(data.inbox);
        },
        // An `error` message's GraphQL errors, or the socket closing (resumableInbox resumes).
        error: sink.error,
        complete: () => {},
      },
    );

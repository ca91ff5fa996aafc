import {
  Client,
  cacheExchange,
  type DocumentInput,
  fetchExchange,
  subscriptionExchange,
} from '@urql/core';
import type { Client as WsClient } from 'graphql-ws';
import type { SubscribeInbox } from './resumable-inbox.js';

/**
 * urql 6 for the chat: fetchExchange for queries and mutations, subscriptions forwarded to
 * the graphql-ws socket (made with chatSocketOptions).
 */
export function urqlChatClient(options: { httpUrl: string; token: string; socket: WsClient }) {
  return new Client({
    url: options.httpUrl,
    fetchOptions: () => ({ headers: { authorization: `Bearer ${options.token}` } }),
    exchanges: [
      cacheExchange,
      fetchExchange,
      subscriptionExchange({
        forwardSubscription: (request) => ({
          subscribe: (sink) => ({
            unsubscribe: options.socket.subscribe({ ...request, query: request.query ?? '' }, sink),
          }),
        }),
      }),
    ],
  });
}

/**
 * The inbox through urql, for resumableInbox's `subscribe`. The server's errors reach
 * `sink.error` as the GraphQL errors (each with `extensions.code`), once: urql repeats a
 * failed subscription's error with its final result.
 */
export const urqlInbox =
  <Event>(urql: Client, query: DocumentInput<{ inbox: Event }>): SubscribeInbox<Event> =>
  (variables, sink) => {
    let failed = false;
    const subscription = urql.subscription(query, variables).subscribe(({ data, error }) => {
      if (error && !failed) sink.error(error.graphQLErrors.length ? error.graphQLErrors : error);
      if (error) failed = true;
      else if (data) sink.next(data.inbox);
    });
    return () => subscription.unsubscribe();
  };

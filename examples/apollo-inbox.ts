import {
  ApolloClient,
  ApolloLink,
  CombinedGraphQLErrors,
  type DocumentNode,
  HttpLink,
  InMemoryCache,
  type PossibleTypesMap,
} from '@apollo/client';
import { GraphQLWsLink } from '@apollo/client/link/subscriptions';
import { getMainDefinition } from '@apollo/client/utilities';
import type { Client } from 'graphql-ws';
import type { SubscribeInbox } from './resumable-inbox.js';

/**
 * Apollo Client 4 for the chat: queries and mutations over HTTP, subscriptions on the
 * graphql-ws socket (made with chatSocketOptions). The cache must know the members of the
 * InboxEvent interface: `possibleTypes`, e.g. from @graphql-codegen/fragment-matcher.
 */
export function apolloChatClient(options: {
  httpUrl: string;
  token: string;
  socket: Client;
  possibleTypes: PossibleTypesMap;
}): ApolloClient {
  const link = ApolloLink.split(
    ({ query }) => {
      const definition = getMainDefinition(query);
      return definition.kind === 'OperationDefinition' && definition.operation === 'subscription';
    },
    new GraphQLWsLink(options.socket),
    new HttpLink({ uri: options.httpUrl, headers: { authorization: `Bearer ${options.token}` } }),
  );
  return new ApolloClient({
    link,
    cache: new InMemoryCache({ possibleTypes: options.possibleTypes }),
  });
}

/** The server's errors as GraphQL errors (each with `extensions.code`); others as they are. */
const graphqlErrors = (error: unknown) => (CombinedGraphQLErrors.is(error) ? error.errors : error);

/**
 * The inbox through Apollo, for resumableInbox's `subscribe` (the cache stores each event's
 * message, sender and conversation). Not useSubscription: on a reconnect graphql-ws would
 * send it again with the `after` it started with.
 */
export const apolloInbox =
  <Event>(apollo: ApolloClient, query: DocumentNode): SubscribeInbox<Event> =>
  (variables, sink) => {
    const subscription = apollo.subscribe<{ inbox: Event }>({ query, variables }).subscribe({
      next: ({ data, error }) => {
        if (error) sink.error(graphqlErrors(error));
        else if (data) sink.next(data.inbox);
      },
      error: (error) => sink.error(graphqlErrors(error)),
    });
    return () => subscription.unsubscribe();
  };

/**
 * The `inbox` subscription documents the chat peers send, as real clients produce them:
 * the clients' own document transforms and printers, not hand-written copies, so a change
 * in what Apollo or urql sends shows up here (issue 10).
 */
import { addTypenameToDocument } from '@apollo/client/utilities';
import { formatDocument, stringifyDocument } from '@urql/core';
import { parse, print } from 'graphql';

/** What a chat screen needs of a new message: the message, its sender and its conversation. */
const CHAT_SCREEN_SELECTION = /* GraphQL */ `subscription BenchInbox($after: String) {
  inbox(after: $after) {
    cursor
    ... on MessageEvent {
      message {
        id body clientId createdAt kind
        sender { id username displayName }
        conversation { id }
      }
    }
  }
}`;

/**
 * What Apollo's chat screen asks of a message since messages change (issue 12): the chat
 * screen's selection, plus whether and when it was edited or recalled, its format and entities,
 * and whether to alert (`notify`). urql's row keeps the chat screen's selection as it was, so
 * one run shows what the new fields cost.
 */
const APOLLO_CHAT_SCREEN_SELECTION = /* GraphQL */ `subscription BenchInbox($after: String) {
  inbox(after: $after) {
    cursor
    ... on MessageEvent {
      notify
      message {
        id body clientId createdAt kind editedAt deletedAt format
        entities { kind offset length url user { id username } }
        sender { id username displayName }
        conversation { id }
      }
    }
  }
}`;

/** The least a client can ask for and still order, dedupe and show a message. */
const MINIMAL_SELECTION = /* GraphQL */ `subscription BenchInbox($after: String) {
  inbox(after: $after) { cursor ... on MessageEvent { message { id body clientId createdAt } } }
}`;

export type InboxDocumentName = 'apollo' | 'urql' | 'minimal';

export interface InboxDocument {
  name: InboxDocumentName;
  /** One line for the report: where the text comes from. */
  origin: string;
  /** Exactly the `query` string the client puts on the wire. */
  text: string;
}

export const INBOX_DOCUMENTS: Readonly<Record<InboxDocumentName, InboxDocument>> = {
  apollo: {
    name: 'apollo',
    origin:
      "Apollo Client 4: the chat-screen selection with the message's changes (editedAt, deletedAt, format, entities) through `addTypenameToDocument` ('@apollo/client/utilities'), then graphql's `print`",
    text: print(addTypenameToDocument(parse(APOLLO_CHAT_SCREEN_SELECTION))),
  },
  urql: {
    name: 'urql',
    origin:
      "urql: the same selection through `formatDocument` ('@urql/core', adds `__typename`), then its `stringifyDocument`",
    text: stringifyDocument(formatDocument(parse(CHAT_SCREEN_SELECTION))),
  },
  minimal: {
    name: 'minimal',
    origin: 'minimal: the message fields the benchmark checks, no `__typename`, no sender or room',
    text: print(parse(MINIMAL_SELECTION)),
  },
};

// Which inbox documents may run once per event for every recipient (src/websocket/shared-results.ts).
import { type FieldNode, type OperationDefinitionNode, parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { schema } from '../src/schema/index.js';
import { shareableSelection } from '../src/websocket/shared-results.js';

function check(query: string) {
  const document = parse(query);
  const operation = document.definitions[0] as OperationDefinitionNode;
  return shareableSelection(schema, document, operation.selectionSet.selections[0] as FieldNode);
}

describe('a shareable inbox selection', () => {
  it('is one whose every field is the same for every recipient; cursors are noted', () => {
    expect(
      check(`subscription { box: inbox { c1: cursor __typename ...F ... on MessageEvent { message { id body sender { username } } } } }
             fragment F on InboxEvent { cursor at }`),
    ).toEqual({ dataKey: 'box', cursorKeys: ['c1', 'cursor'] });
  });

  it('is not one that asks for anything about the viewer or with arguments or directives', () => {
    for (const query of [
      'subscription { inbox { ... on MessageEvent { message { conversation { unreadCount } } } } }',
      'subscription { inbox { ... on MessageEvent { message { conversation { title } } } } }',
      'subscription { inbox { ... on MessageEvent { message { sender { online } } } } }',
      'subscription { inbox { ... on MessageEvent { message { replyTo { body } } } } }',
      'subscription ($x: Boolean!) { inbox { cursor @include(if: $x) } }',
      'subscription { inbox { ... on ReadEvent { conversation { id } } } }',
    ]) {
      expect(check(query), query).toBeNull();
    }
  });
});

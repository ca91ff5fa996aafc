import {
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLNamedType,
  type GraphQLSchema,
  getNamedType,
  isInterfaceType,
  isObjectType,
  Kind,
  type SelectionSetNode,
} from 'graphql';

/**
 * Fields whose value is the same for every recipient of an inbox event: every recipient is a
 * member of the event's conversation (or the addressee of the broadcast), so nothing here
 * depends on who is asking. Anything else (unread counts, a conversation's title or
 * members, presence, a reply's visibility) makes a document run once per recipient. Add a
 * field here only when its resolver ignores the viewer.
 */
const SAME_FOR_EVERY_RECIPIENT = new Set([
  'InboxEvent.at',
  'MessageEvent.at',
  'MessageEvent.message',
  'ReadEvent.at',
  'ReadEvent.reader',
  'ReadEvent.upTo',
  'MembershipEvent.at',
  'MembershipEvent.user',
  'MembershipEvent.joined',
  'BroadcastEvent.at',
  'BroadcastEvent.body',
  'BroadcastEvent.from',
  'ResyncEvent.at',
  'Message.id',
  'Message.body',
  'Message.clientId',
  'Message.createdAt',
  'Message.kind',
  'Message.attachment',
  'Message.sender',
  'Attachment.url',
  'Attachment.name',
  'Attachment.mimeType',
  'Attachment.size',
  'User.id',
  'User.username',
  'User.displayName',
  'User.role',
]);

/** How to reuse one recipient's result for the others: only the cursors differ. */
export interface Shareable {
  /** The response key of the inbox field in `data`. */
  dataKey: string;
  /** Response keys of `cursor` in the event object. */
  cursorKeys: string[];
}

/**
 * Whether an inbox subscription's selection is the same for every recipient but for its
 * cursors. Conservative: directives, arguments, or any field outside the list above give
 * null (run per recipient).
 */
export function shareableSelection(
  schema: GraphQLSchema,
  document: DocumentNode,
  inboxField: FieldNode,
): Shareable | null {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions)
    if (definition.kind === Kind.FRAGMENT_DEFINITION)
      fragments.set(definition.name.value, definition);
  const eventType = schema.getType('InboxEvent');
  if (!eventType || !inboxField.selectionSet) return null;
  const cursorKeys = new Set<string>();

  function walk(set: SelectionSetNode, parent: GraphQLNamedType, top: boolean): boolean {
    for (const selection of set.selections) {
      if (selection.directives?.length) return false;
      if (selection.kind === Kind.FRAGMENT_SPREAD) {
        const fragment = fragments.get(selection.name.value);
        if (!fragment || fragment.directives?.length) return false;
        const on = schema.getType(fragment.typeCondition.name.value);
        if (!on || !walk(fragment.selectionSet, on, top)) return false;
        continue;
      }
      if (selection.kind === Kind.INLINE_FRAGMENT) {
        const on = selection.typeCondition
          ? schema.getType(selection.typeCondition.name.value)
          : parent;
        if (!on || !walk(selection.selectionSet, on, top)) return false;
        continue;
      }
      const name = selection.name.value;
      if (name === '__typename') continue;
      if (selection.arguments?.length) return false;
      const key = selection.alias?.value ?? name;
      if (top && name === 'cursor') {
        cursorKeys.add(key);
        continue;
      }
      if (!SAME_FOR_EVERY_RECIPIENT.has(`${parent.name}.${name}`)) return false;
      if (!isObjectType(parent) && !isInterfaceType(parent)) return false;
      const field = parent.getFields()[name];
      if (!field) return false;
      if (selection.selectionSet && !walk(selection.selectionSet, getNamedType(field.type), false))
        return false;
    }
    return true;
  }

  if (!walk(inboxField.selectionSet, eventType, true)) return null;
  return {
    dataKey: inboxField.alias?.value ?? inboxField.name.value,
    cursorKeys: [...cursorKeys],
  };
}

import {
  type ASTVisitor,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLNamedType,
  getNamedType,
  getNullableType,
  isInterfaceType,
  isListType,
  isObjectType,
  Kind,
  type SelectionSetNode,
  type ValidationContext,
} from 'graphql';
import { createGraphQLError, type Plugin } from 'graphql-yoga';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../chat/pagination.js';

/**
 * The items a page of this field may hold: its `first` or `last` (a variable counts as the
 * largest page a request may ask for, since validation runs once per document, before any
 * variables), the default page size when absent, or null for a field that is not paged.
 */
function pageSize(field: FieldNode, paged: boolean): number | null {
  if (!paged) return null;
  let size: number | null = null;
  for (const argument of field.arguments ?? []) {
    const name = argument.name.value;
    if (name !== 'first' && name !== 'last') continue;
    const { value } = argument;
    const items =
      value.kind === Kind.INT
        ? Math.max(0, Number(value.value))
        : value.kind === Kind.VARIABLE
          ? MAX_PAGE_SIZE
          : null;
    if (items !== null) size = Math.max(size ?? 0, items);
  }
  return size ?? DEFAULT_PAGE_SIZE;
}

/**
 * What a document may cost to answer: every field counts once per value the response may hold
 * for it. A list field counts once per item: directly under a field with `first`/`last` (a
 * connection's `edges`), as many items as that page allows; anywhere else, MAX_PAGE_SIZE. So
 * `conversations(first: 100) { edges { node { members(first: 100) { edges { node { id } } } } } }`
 * costs about 30,000. Introspection fields cost nothing (their size is the schema's).
 */
function costOf(context: ValidationContext, fragments: Map<string, FragmentDefinitionNode>) {
  // Cost per instance of the parent, by fragment and the page size its lists inherit:
  // linear, so a fragment spread many times is walked once.
  const fragmentCosts = new Map<string, number>();
  const walking = new Set<string>();

  function selectionCost(
    selectionSet: SelectionSetNode,
    parent: GraphQLNamedType | undefined,
    listItems: number,
  ): number {
    let total = 0;
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) {
        if (selection.name.value.startsWith('__')) continue;
        const fields = isObjectType(parent) || isInterfaceType(parent) ? parent.getFields() : {};
        const definition = fields[selection.name.value];
        // An unknown field: the standard rules report it.
        if (!definition) continue;
        // A list whose length the domain bounds (a message's entities or earlier versions)
        // declares the items it typically holds; a page or any other list, `listItems`.
        const declared = (definition.extensions as { costItems?: number } | undefined)?.costItems;
        const count = isListType(getNullableType(definition.type)) ? (declared ?? listItems) : 1;
        const paged = definition.args.some((a) => a.name === 'first' || a.name === 'last');
        const inner = selection.selectionSet
          ? selectionCost(
              selection.selectionSet,
              getNamedType(definition.type),
              pageSize(selection, paged) ?? MAX_PAGE_SIZE,
            )
          : 0;
        total += count * (1 + inner);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const condition = selection.typeCondition?.name.value;
        const type = condition ? context.getSchema().getType(condition) : parent;
        total += selectionCost(selection.selectionSet, type ?? undefined, listItems);
      } else {
        const name = selection.name.value;
        const fragment = fragments.get(name);
        // Unknown or cyclic spreads are invalid: the standard rules report them.
        if (!fragment || walking.has(name)) continue;
        const key = `${name}:${listItems}`;
        let cost = fragmentCosts.get(key);
        if (cost === undefined) {
          walking.add(name);
          const type = context.getSchema().getType(fragment.typeCondition.name.value);
          cost = selectionCost(fragment.selectionSet, type ?? undefined, listItems);
          walking.delete(name);
          fragmentCosts.set(key, cost);
        }
        total += cost;
      }
    }
    return total;
  }
  return selectionCost;
}

function queryCostRule(maxCost: number) {
  return function queryCost(context: ValidationContext): ASTVisitor {
    return {
      Document(document) {
        const fragments = new Map<string, FragmentDefinitionNode>();
        for (const definition of document.definitions) {
          if (definition.kind === Kind.FRAGMENT_DEFINITION) {
            fragments.set(definition.name.value, definition);
          }
        }
        const selectionCost = costOf(context, fragments);
        const schema = context.getSchema();
        for (const definition of document.definitions) {
          if (definition.kind !== Kind.OPERATION_DEFINITION) continue;
          const root = schema.getRootType(definition.operation);
          const cost = selectionCost(definition.selectionSet, root ?? undefined, MAX_PAGE_SIZE);
          if (cost <= maxCost) continue;
          context.reportError(
            createGraphQLError(
              `Query cost ${cost} exceeds the limit of ${maxCost}: ask for smaller pages (first/last) or fewer nested lists`,
              {
                nodes: [definition],
                extensions: { code: 'BAD_USER_INPUT', cost, maxCost },
              },
            ),
          );
        }
        return false;
      },
    };
  };
}

/** Refuses documents whose answer could hold more than `maxCost` values (see costOf). */
export function useQueryCost(options: { maxCost: number }): Plugin {
  const rule = queryCostRule(options.maxCost);
  return {
    onValidate({ addValidationRule }) {
      addValidationRule(rule);
    },
  };
}

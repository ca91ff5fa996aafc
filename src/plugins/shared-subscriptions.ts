import {
  createSourceEventStream,
  type DocumentNode,
  type ExecutionArgs,
  type ExecutionResult,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLSchema,
  getNamedType,
  getOperationAST,
  isInterfaceType,
  isObjectType,
  Kind,
  type SelectionSetNode,
} from 'graphql';
import { type CompiledQuery, compileQuery, isCompiledQuery } from 'graphql-jit';
import type { Plugin } from 'graphql-yoga';
import { type RecipientSharing, recipientSharingOf } from '../schema/sharing.js';

/** How one recipient's result of an event is made another's. */
interface SharedShape {
  /** The response key of the subscription's root field in `data`. */
  dataKey: string;
  /** Response keys of the event's own fields that are recomputed per recipient. */
  recomputed: Map<string, (event: never) => unknown>;
  /** Fields below the event made each recipient's from the shared value: response key paths. */
  personalized: Array<{ path: string[]; personalize: (value: never, context: never) => unknown }>;
}

interface SubscriptionPlan {
  /** The document compiled once (graphql-jit); runs one event with the event as root value. */
  compiled: CompiledQuery;
  /** Set when every selected field is declared the same for every recipient, or recomputed. */
  shared: SharedShape | null;
}

export interface SharedSubscriptionsOptions {
  /**
   * The object an event shares with every other recipient's copy of it on this instance
   * (an inbox event's doorbell), or undefined when it shares nothing.
   */
  shareKeyOf(event: unknown): object | undefined;
  onCompileError(errors: readonly unknown[]): void;
  /**
   * Whether an error resolving an event will likely pass (the database away): such an
   * event ends the subscription instead of going out incomplete.
   */
  isTransient(error: unknown): boolean;
  /** yoga's maskError: what the client is told (and the error logged) then. */
  maskError(error: unknown): Error;
}

/** The error a resolver threw, under the GraphQLErrors wrapping it. */
function originalOf(error: unknown): unknown {
  let original = error as { originalError?: unknown };
  while (original?.originalError) original = original.originalError as typeof original;
  return original;
}

/**
 * Runs each subscription event compiled (graphql-jit, compiled once per document), and runs
 * it once per instance for all recipients of a live event when the selection allows: every
 * field it selects is declared `sameForEveryRecipient` in the schema, or (on the event
 * itself) `recomputedPerRecipient`. The others then get that result with their own recomputed
 * fields; nothing they select can depend on who they are. A recipient whose event does not
 * carry a recomputed value (undefined: see recomputedWhenKnown) runs the event alone. Any other selection runs for each
 * recipient, from rows the recipients share (src/schema/loaders.ts).
 *
 * An envelop plugin: it applies wherever yoga's envelop runs a subscription (SSE, WebSocket),
 * and the plugins after it (error masking) see its results as any other.
 */
export function useSharedSubscriptions(options: SharedSubscriptionsOptions): Plugin {
  const plans = new WeakMap<DocumentNode, Map<string, SubscriptionPlan | null>>();
  /** Results (or their execution under way) per live event and document: gone with the event's share key. */
  const shared = new WeakMap<
    object,
    Map<SubscriptionPlan, ExecutionResult | Promise<ExecutionResult>>
  >();

  function planOf(args: ExecutionArgs): SubscriptionPlan | null {
    let byName = plans.get(args.document);
    if (!byName) {
      byName = new Map();
      plans.set(args.document, byName);
    }
    const name = args.operationName ?? '';
    let plan = byName.get(name);
    if (plan === undefined) {
      plan = makePlan(args.schema, args.document, args.operationName ?? undefined);
      byName.set(name, plan);
    }
    return plan;
  }

  function makePlan(
    schema: GraphQLSchema,
    document: DocumentNode,
    operationName: string | undefined,
  ): SubscriptionPlan | null {
    const compiled = compileQuery(schema, document, operationName, {
      disablingCapturingStackErrors: true,
    });
    if (!isCompiledQuery(compiled)) {
      options.onCompileError(compiled.errors ?? []);
      return null;
    }
    return { compiled, shared: sharedShape(schema, document, operationName) };
  }

  /**
   * An event that failed for a passing reason (the database away) is not sent incomplete: it
   * is run again (see mapEvents) until it can be given whole, and the stream does not ask for
   * the next event meanwhile, so nothing after it overtakes it and it does not count as
   * delivered. Other failures go out as errors in the result, so one broken event cannot
   * stop an inbox for good.
   */
  function deliverable(result: ExecutionResult): ExecutionResult {
    const transient = result.errors?.find((error) => options.isTransient(originalOf(error)));
    if (transient) {
      options.maskError(transient); // logged (and counted) once per try
      throw new EventNotReady();
    }
    return result;
  }

  function runEvent(plan: SubscriptionPlan, args: ExecutionArgs, event: unknown) {
    const shape = plan.shared;
    const key = shape ? options.shareKeyOf(event) : undefined;
    const own = shape && key ? ownValues(shape, event) : null;
    if (!shape || !key || !own)
      return then(plan.compiled.query(event, args.contextValue, args.variableValues), deliverable);
    let byPlan = shared.get(key);
    if (!byPlan) {
      byPlan = new Map();
      shared.set(key, byPlan);
    }
    // The first recipient's execution, kept while it runs too: the others of the same event
    // (written in the same tick) wait for it rather than each running their own.
    let done = byPlan.get(plan);
    if (!done) {
      done = plan.compiled.query(event, args.contextValue, args.variableValues);
      byPlan.set(plan, done);
    }
    return then(done, (result) => {
      // A failed run is not kept: the retry runs the event again.
      if (result.errors && byPlan.get(plan) === done) byPlan.delete(plan);
      return personalized(deliverable(result), shape, own, args.contextValue);
    });
  }

  return {
    onSubscribe({ args, setSubscribeFn }) {
      const plan = planOf(args);
      if (!plan) return;
      setSubscribeFn(async (subscribeArgs) => {
        const source = await createSourceEventStream(subscribeArgs);
        if (!isAsyncIterable(source)) return source;
        return mapEvents(source, (event) => runEvent(plan, subscribeArgs, event));
      });
    },
  };
}

/**
 * This recipient's values of the recomputed fields, each worked out once from its event; null
 * when one is not known from it (undefined), and the event then runs for this recipient alone.
 */
function ownValues(shape: SharedShape, event: unknown): Array<[string, unknown]> | null {
  const values: Array<[string, unknown]> = [];
  for (const [key, recompute] of shape.recomputed) {
    const value = recompute(event as never);
    if (value === undefined) return null;
    values.push([key, value]);
  }
  return values;
}

/** `result` with this recipient's own values of the recomputed fields (a new top object). */
function personalized(
  result: ExecutionResult,
  shape: SharedShape,
  values: ReadonlyArray<[string, unknown]>,
  context: unknown,
) {
  const data = result.data as Record<string, Record<string, unknown> | null>;
  const shared = data[shape.dataKey];
  if (!shared) return result;
  let own = { ...shared };
  for (const [key, value] of values) if (key in own) own[key] = value;
  for (const { path, personalize } of shape.personalized)
    own = patched(own, path, 0, (value) => personalize(value as never, context as never)) as never;
  return { data: { ...data, [shape.dataKey]: own } };
}

/** `value` with what is at `path` (through lists too) replaced by `patch` of it; copies, never mutates. */
function patched(
  value: unknown,
  path: readonly string[],
  at: number,
  patch: (value: unknown) => unknown,
): unknown {
  if (value == null) return value;
  if (Array.isArray(value)) return value.map((item) => patched(item, path, at, patch));
  const key = path[at] as string;
  const object = value as Record<string, unknown>;
  if (!(key in object) || object[key] == null) return value;
  const next =
    at === path.length - 1 ? patch(object[key]) : patched(object[key], path, at + 1, patch);
  return { ...object, [key]: next };
}

/** `map` of a value now, or of a promise's value when it comes (no promise made for a value). */
function then<T, R>(value: T | Promise<T>, map: (value: T) => R): R | Promise<R> {
  return value instanceof Promise ? value.then(map) : map(value);
}

const isAsyncIterable = (value: unknown): value is AsyncIterable<unknown> =>
  typeof (value as AsyncIterable<unknown>)?.[Symbol.asyncIterator] === 'function';

/** An event that could not be given whole for now (the database away): it is run again. */
class EventNotReady extends Error {
  override name = 'EventNotReady';
}

/** Waits before running a not-ready event again: 250 ms, doubling up to 5 s. */
const RETRY_FIRST_MS = 250;
const RETRY_MAX_MS = 5000;

/**
 * Each event mapped to its result; an event not ready is mapped again after a wait, for as
 * long as the subscription lasts. return() reaches the source at once, even while a next()
 * waits for an event or a retry (graphql-ws stops a subscription that way when its socket
 * closes).
 */
function mapEvents(
  source: AsyncIterable<unknown>,
  map: (event: unknown) => ExecutionResult | Promise<ExecutionResult>,
): AsyncIterableIterator<ExecutionResult> {
  const events = source[Symbol.asyncIterator]();
  let stopped = false;
  let wakeRetry: (() => void) | null = null;
  const stop = async () => {
    stopped = true;
    wakeRetry?.();
    await events.return?.();
    return { done: true as const, value: undefined };
  };
  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      wakeRetry = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  const mapped: AsyncIterableIterator<ExecutionResult> = {
    [Symbol.asyncIterator]: () => mapped,
    async next() {
      const step = await events.next();
      if (step.done) return step;
      for (let wait = RETRY_FIRST_MS; ; wait = Math.min(wait * 2, RETRY_MAX_MS)) {
        try {
          return { done: false, value: await map(step.value) };
        } catch (error) {
          if (!(error instanceof EventNotReady) || stopped) {
            await stop();
            if (error instanceof EventNotReady) return { done: true, value: undefined };
            throw error;
          }
        }
        await pause(wait);
        if (stopped) return { done: true, value: undefined };
      }
    },
    return: stop,
    async throw(error) {
      await stop();
      throw error;
    },
  };
  return mapped;
}

/**
 * Whether one recipient's result can serve the others: a single root field whose selection
 * (fragments included) holds only fields declared the same for every recipient, `__typename`,
 * and on the event itself fields recomputed per recipient. No arguments or directives below
 * the root field, so variables cannot change the result either.
 */
function sharedShape(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | undefined,
): SharedShape | null {
  const operation = getOperationAST(document, operationName);
  const [root, ...others] = operation?.selectionSet.selections ?? [];
  if (others.length > 0 || root?.kind !== Kind.FIELD || !root.selectionSet) return null;
  if (root.directives?.length) return null;
  const rootField = schema.getSubscriptionType()?.getFields()[root.name.value];
  if (!rootField) return null;
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions)
    if (definition.kind === Kind.FRAGMENT_DEFINITION)
      fragments.set(definition.name.value, definition);
  const recomputed = new Map<string, (event: never) => unknown>();
  const personalized: SharedShape['personalized'] = [];
  /** What each response path below the event holds: a personalized field, or any other. */
  const atPath = new Map<string, 'personalized' | 'other'>();
  /** Records `path` as holding `kind`; false when another selection put the other kind there. */
  const claim = (path: string[], kind: 'personalized' | 'other') => {
    const key = path.join('.');
    const before = atPath.get(key);
    atPath.set(key, kind);
    return before === undefined || before === kind;
  };

  /** The sharing every field that may answer `name` on `parent` declares, if they agree. */
  function declared(parent: GraphQLNamedType, name: string): RecipientSharing | undefined {
    const candidates: GraphQLField<unknown, unknown>[] = [];
    if (isObjectType(parent)) {
      const field = parent.getFields()[name];
      if (field) candidates.push(field);
    } else if (isInterfaceType(parent)) {
      for (const type of [parent, ...schema.getPossibleTypes(parent)]) {
        const field = type.getFields()[name];
        if (field) candidates.push(field);
      }
    }
    const [first, ...rest] = candidates.map((field) => recipientSharingOf(field.extensions));
    if (!first) return undefined;
    for (const other of rest) {
      if (!other) return undefined;
      if ('same' in first !== 'same' in other) return undefined;
    }
    return first;
  }

  function walk(
    set: SelectionSetNode,
    parent: GraphQLNamedType,
    onEvent: boolean,
    path: string[],
  ): boolean {
    for (const selection of set.selections) {
      if (selection.directives?.length) return false;
      if (selection.kind === Kind.FRAGMENT_SPREAD) {
        const fragment = fragments.get(selection.name.value);
        const on = fragment && schema.getType(fragment.typeCondition.name.value);
        if (!on || fragment.directives?.length || !walk(fragment.selectionSet, on, onEvent, path))
          return false;
        continue;
      }
      if (selection.kind === Kind.INLINE_FRAGMENT) {
        const on = selection.typeCondition
          ? schema.getType(selection.typeCondition.name.value)
          : parent;
        if (!on || !walk(selection.selectionSet, on, onEvent, path)) return false;
        continue;
      }
      const name = selection.name.value;
      if (name === '__typename') continue;
      if (selection.arguments?.length) return false;
      const sharing = declared(parent, name);
      if (!sharing) return false;
      const key = selection.alias?.value ?? name;
      const here = [...path, key];
      if ('personalize' in sharing) {
        if (onEvent || selection.selectionSet || !claim(here, 'personalized')) return false;
        personalized.push({ path: here.slice(1), personalize: sharing.personalize });
        continue;
      }
      if (!claim(here, 'other')) return false;
      if ('recompute' in sharing) {
        if (!onEvent) return false;
        const before = recomputed.get(key);
        if (before && before !== sharing.recompute) return false;
        recomputed.set(key, sharing.recompute);
        continue;
      }
      if (selection.selectionSet) {
        const field = (
          parent as { getFields(): Record<string, GraphQLField<unknown, unknown>> }
        ).getFields()[name];
        if (!field || !walk(selection.selectionSet, getNamedType(field.type), false, here))
          return false;
      }
    }
    return true;
  }

  if (!walk(root.selectionSet, getNamedType(rootField.type), true, [''])) return null;
  return { dataKey: root.alias?.value ?? root.name.value, recomputed, personalized };
}

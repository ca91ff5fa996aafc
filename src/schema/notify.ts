import { type FieldNode, type GraphQLResolveInfo, Kind, type SelectionSetNode } from 'graphql';
import type { ChatDeps } from '../chat/deps.js';
import type { InboxItem } from '../chat/inbox/item.js';
import type { InboxSubscription } from '../chat/inbox/stream.js';
import { notifies } from '../chat/people/notify.js';
import { type RowSet, rowsOfBatch } from './loaders.js';

/**
 * The rows an inbox event reads, shared with every other recipient of it on this instance
 * (one doorbell, or one replay page). A message this instance just wrote is not read back.
 */
export function rowsOfEvent(deps: ChatDeps, item: InboxItem): RowSet {
  const rows = rowsOfBatch(deps, item.batch ?? item);
  if (item.messageId !== null && rows.message.peek(item.messageId) === undefined) {
    const sent = deps.recentMessages.peek(item.messageId);
    if (sent) rows.message.prime(sent.id, sent);
  }
  return rows;
}

/**
 * Whether a MESSAGE event should alert its recipient. A replayed event's recipient (their
 * membership with its mute, and their status) was read with its page; a live one whose
 * doorbell did not say (withNotify) comes from the event's membership load, one query per
 * doorbell for every recipient on this instance.
 */
export async function notifyOf(deps: ChatDeps, item: InboxItem): Promise<boolean> {
  if (item.kind !== 'MESSAGE' || item.messageId === null || item.conversationId === null)
    return false;
  const rows = rowsOfEvent(deps, item);
  const stored = storedRecipient(item);
  const [message, recipient] = await Promise.all([
    rows.message.load(item.messageId),
    stored !== undefined ? stored : rows.membership(item.userId, item.conversationId),
  ]);
  return message ? notifies(recipient, message, deps.clock.now()) : false;
}

/** The recipient as read with a replay page (null: no longer a member); undefined if not read. */
function storedRecipient(item: InboxItem): Parameters<typeof notifies>[0] | undefined {
  const until = item.recipientMutedUntilMs;
  if (until === undefined || item.recipientStatus == null) return undefined;
  if (until === null) return null;
  return {
    userId: item.userId,
    status: item.recipientStatus,
    mutedUntil: until > 0 ? new Date(until) : null,
  };
}

/** Whether a field named `name` is selected anywhere under the operation's root field. */
export function selectsField(info: GraphQLResolveInfo, name: string): boolean {
  const seen = new Set<string>();
  const stack: SelectionSetNode[] = info.fieldNodes.flatMap((node: FieldNode) =>
    node.selectionSet ? [node.selectionSet] : [],
  );
  while (stack.length > 0) {
    const set = stack.pop() as SelectionSetNode;
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) {
        if (selection.name.value === name) return true;
        if (selection.selectionSet) stack.push(selection.selectionSet);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        stack.push(selection.selectionSet);
      } else if (!seen.has(selection.name.value)) {
        seen.add(selection.name.value);
        const fragment = info.fragments[selection.name.value];
        if (fragment) stack.push(fragment.selectionSet);
      }
    }
  }
  return false;
}

/**
 * The inbox with each MESSAGE event's `notify` worked out before it executes, so a
 * document selecting it still runs once per event for every recipient on the instance
 * (`notify` is recomputed per recipient from the event, like `cursor`). A live event's
 * doorbell names the recipients it must not alert (worked out by the send); a replayed one
 * reads its recipient's membership, one query per page. A failure leaves it unknown: that
 * event then resolves it on its own (and is retried like any other).
 */
export function withNotify(deps: ChatDeps, stream: InboxSubscription): InboxSubscription {
  const mapped: InboxSubscription = {
    [Symbol.asyncIterator]: () => mapped,
    async next() {
      const step = await stream.next();
      if (!step.done && step.value.kind === 'MESSAGE') {
        try {
          const quiet = step.value.bell?.quiet;
          step.value.notify = quiet
            ? !quiet.includes(step.value.userId)
            : await notifyOf(deps, step.value);
        } catch (error) {
          deps.logger.debug({ err: error }, 'notify not known before execution');
        }
      }
      return step;
    },
    return: () => stream.return(),
    async throw(error?: unknown) {
      await stream.return();
      throw error;
    },
  };
  return mapped;
}

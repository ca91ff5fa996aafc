import type { Tx } from '../db/client.js';
import { insertInboxEvent, type NewInboxEvent, type Recipients } from '../db/inbox-log.js';
import type { InboxDoorbell } from '../pubsub/types.js';
import type { ChatDeps } from './deps.js';

/**
 * Appends one event to the inbox of every recipient, in `tx` (call it last in the
 * transaction: see insertInboxEvent), and returns the doorbell to ring after commit.
 */
export async function appendInboxEvent(
  deps: Pick<ChatDeps, 'database' | 'inboxMaxEvents'>,
  tx: Tx,
  to: Recipients,
  event: NewInboxEvent,
): Promise<InboxDoorbell> {
  const { at, inboxes } = await insertInboxEvent(deps.database, tx, to, event, deps.inboxMaxEvents);
  return {
    kind: event.kind,
    conversationId: event.conversationId ?? null,
    messageId: event.messageId ?? null,
    actorId: event.actorId ?? null,
    joined: event.joined ?? null,
    broadcastId: event.broadcastId ?? null,
    at: at ?? Date.now(),
    to: inboxes,
  };
}

/**
 * Publishes a doorbell after its transaction committed (and counts the events it stands
 * for); nothing when nobody received the event.
 */
export async function ring(deps: ChatDeps, bell: InboxDoorbell | null | undefined): Promise<void> {
  if (!bell || bell.to.length === 0) return;
  deps.meters.eventsWritten(bell.to.length / 2);
  await deps.pubsub.publish('inbox', bell);
}

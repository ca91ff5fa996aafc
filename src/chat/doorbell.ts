import type { InboxDoorbell } from '../pubsub/types.js';
import type { ChatDeps } from './deps.js';

/**
 * Publishes a doorbell after its transaction committed (and counts the events it stands
 * for); nothing when nobody received the event.
 */
export async function ring(deps: ChatDeps, bell: InboxDoorbell | null | undefined): Promise<void> {
  if (!bell || bell.to.length === 0) return;
  deps.meters.eventsWritten(bell.to.length / 2);
  await deps.pubsub.publish('inbox', bell);
}

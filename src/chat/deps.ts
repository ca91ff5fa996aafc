import type { Logger } from 'pino';
import type { Database } from '../db/client.js';
import type { AttachmentData } from '../db/tables.js';
import type { FileStore } from '../files/types.js';
import type { PubSub } from '../pubsub/types.js';
import type { Clock } from './clock.js';
import type { ContentFilter } from './content-filter.js';
import type { FileUrls } from './files/urls.js';
import type { InboxHub } from './inbox/hub.js';
import type { ChatMeters } from './meters.js';
import type { Typing } from './people/typing.js';
import type { Presence } from './presence.js';
import type { RateLimits } from './rate-limits.js';
import type { RecentMessages } from './recent-messages.js';
import type { Sessions } from './sessions.js';
import type { TokenIssuer } from './tokens.js';

/** What the domain needs from the outside world; built once per process by the server. */
export interface ChatDeps {
  database: Database;
  pubsub: PubSub;
  tokens: TokenIssuer;
  /** Which sessions ended (logged out, suspended): kept in memory on every instance. */
  sessions: Sessions;
  presence: Presence;
  /** Who is typing where (pub/sub only). */
  typing: Typing;
  inbox: InboxHub;
  /** Messages this instance just wrote, for their live deliveries. */
  recentMessages: RecentMessages;
  limits: RateLimits;
  logger: Logger;
  /** The title of the public room every new user joins. */
  defaultRoom: string;
  /** Undelivered events an inbox holds; events beyond are dropped for a ResyncEvent. */
  inboxMaxEvents: number;
  /** Who signs up as ADMIN (lower case). */
  adminUsernames: readonly string[];
  /** Chaos runs only: the chance that a committed send kills the process before its doorbell. */
  faultCrashAfterCommit: number;
  /** What the time windows of message changes read; tests pass one they move. */
  clock: Clock;
  /** How long after sending its sender may edit a message. */
  editWindowMs: number;
  /** How long after sending its sender may recall a message (owners and admins: always). */
  recallWindowMs: number;
  /** Masks or refuses listed words in what users write (CONTENT_FILTER_WORDS_FILE). */
  contentFilter: ContentFilter;
  /** Where uploaded files' bytes are (DATA_DIR/files). */
  files: FileStore;
  /** Signed, expiring, per-viewer file URLs. */
  fileUrls: FileUrls;
  /** The largest upload, counted as it streams in. */
  maxUploadBytes: number;
  /** What /metrics counts. */
  meters: ChatMeters;
  /**
   * Deletes the stored files of messages that retention removed (called after each batch
   * commits, with their attachments): src/chat/files/release.ts, unless a test gives another.
   */
  removeMessageFiles: (attachments: AttachmentData[]) => Promise<void>;
}

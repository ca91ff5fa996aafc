import type { Logger } from 'pino';
import type { Config } from '../config.js';
import type { Database } from '../db/client.js';
import type { PubSub } from '../pubsub/types.js';
import type { InboxHub } from './inbox.js';
import type { ChatMeters } from './meters.js';
import type { Presence } from './presence.js';
import type { RateLimits } from './rate-limits.js';
import type { SharedRows } from './shared-rows.js';
import type { TokenIssuer } from './tokens.js';

/** What the domain needs from the outside world; built once per process by the server. */
export interface ChatDeps {
  database: Database;
  pubsub: PubSub;
  tokens: TokenIssuer;
  presence: Presence;
  inbox: InboxHub;
  /** Rows shared by every subscription of this instance. */
  rows: SharedRows;
  limits: RateLimits;
  config: Config;
  logger: Logger;
  /** What /metrics counts. */
  meters: ChatMeters;
}

// Imports only: each module adds its types or fields to the builder.
import './conversation.js';
import './events.js';
import './message.js';
import './text-range.js';
import './unread.js';
import './user.js';
import './root/accounts.js';
import './root/admin.js';
import './root/auth.js';
import './root/conversations.js';
import './root/files.js';
import './root/messages.js';
import './root/people.js';
import './root/rooms.js';
import './root/subscriptions.js';
import './root/users.js';
import { builder } from './builder.js';
import { withSyncGlobalIds } from './sync-global-ids.js';

export const schema = withSyncGlobalIds(builder.toSchema());

// Imports only: each module adds its types or fields to the builder.
import './conversation.js';
import './events.js';
import './message.js';
import './unread.js';
import './user.js';
import '../resolvers/auth.js';
import '../resolvers/conversations.js';
import '../resolvers/messages.js';
import '../resolvers/rooms.js';
import '../resolvers/subscriptions.js';
import '../resolvers/users.js';
import { builder } from './builder.js';
import { withSyncGlobalIds } from './sync-global-ids.js';

export const schema = withSyncGlobalIds(builder.toSchema());

import type { Config } from './config.js';

/**
 * src/websocket.ts still reads its keep-alive from `deps.config`, and is being rewritten
 * elsewhere; chat/ never reads Config. So the transport's access is declared here, outside
 * chat/, and server.ts puts `config` into the deps it builds. When the transport takes its
 * settings from server.ts directly, delete this file and that `config` line.
 */
declare module './chat/deps.js' {
  interface ChatDeps {
    /** For the transport only: chat/ reads its own settings (defaultRoom, adminUsernames). */
    config: Config;
  }
}

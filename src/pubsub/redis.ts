import { RedisPubSub } from 'graphql-redis-subscriptions';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { ListenerSet } from './listeners.js';
import type { PubSub, Topics } from './types.js';

const topics: (keyof Topics)[] = ['inbox', 'presence'];

export interface RedisPubSubOptions {
  url: string;
  prefix: string;
  logger: Logger;
  /** How long start-up waits for Redis before giving up. */
  connectTimeoutMs?: number;
}

/**
 * Redis transport: one channel per topic, subscribed once per instance at start. Two
 * connections, because a subscribed connection cannot publish.
 */
export async function createRedisPubSub(
  options: RedisPubSubOptions,
): Promise<PubSub & { listeners: ListenerSet; commands: Redis }> {
  const { url, prefix, logger } = options;
  // No offline queue for commands: a publish while Redis is down fails at once instead of
  // piling up, and the inbox catch-up delivers from the database.
  const commands = new Redis(url, { enableOfflineQueue: false, maxRetriesPerRequest: 1 });
  // enableReadyCheck: false — ioredis 5.8–5.11 drops a SUBSCRIBE sent while connecting
  // (see ../shared/STACK.md, trap 1).
  const subscriber = new Redis(url, { enableReadyCheck: false, maxRetriesPerRequest: null });
  for (const [name, connection] of [
    ['commands', commands],
    ['subscriber', subscriber],
  ] as const) {
    connection.on('error', (error) => logger.warn({ err: error, connection: name }, 'redis error'));
  }
  const transport = new RedisPubSub({ publisher: commands, subscriber });
  const listeners = new ListenerSet();

  let connectedBefore = false;
  subscriber.on('ready', () => {
    if (connectedBefore) {
      logger.info('redis subscriber reconnected: catching up from the database');
      listeners.emitReconnect();
    }
    connectedBefore = true;
  });

  const subscribed = Promise.all(
    topics.map((topic) =>
      transport.subscribe(prefix + topic, (payload: unknown) =>
        listeners.emit(topic, payload as Topics[typeof topic]),
      ),
    ),
  );
  const timeoutMs = options.connectTimeoutMs ?? 10_000;
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      subscribed,
      new Promise((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`Redis at ${url} did not answer within ${timeoutMs} ms`)),
          timeoutMs,
        );
      }),
    ]);
  } catch (error) {
    commands.disconnect();
    subscriber.disconnect();
    throw error;
  } finally {
    clearTimeout(timer);
  }

  return {
    kind: 'redis',
    listeners,
    commands,
    async publish(topic, payload) {
      try {
        await transport.publish(prefix + topic, payload);
      } catch (error) {
        logger.warn({ err: error, topic }, 'redis publish failed; the database catch-up delivers');
      }
    },
    on: (topic, listener) => listeners.on(topic, listener),
    onReconnect: (listener) => listeners.onReconnect(listener),
    async ping() {
      await commands.ping();
    },
    async close() {
      await transport.close();
    },
  };
}

import { randomUUID } from 'node:crypto';
import { RedisPubSub } from 'graphql-redis-subscriptions';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { ListenerSet } from './listeners.js';
import type { PubSub, Topics } from './types.js';

const topics: (keyof Topics)[] = ['inbox', 'presence', 'typing', 'sessions'];

export interface RedisPubSubOptions {
  url: string;
  prefix: string;
  logger: Logger;
  /** How long start-up waits for Redis before giving up. */
  connectTimeoutMs?: number;
  /** Told of every connection error and failed publish (/metrics counts them). */
  onError?: (during: 'connection' | 'publish') => void;
}

/** What goes over a channel: the payload and the instance that published it. */
interface Envelope<T> {
  from: string;
  payload: T;
}

const isEnvelope = (message: unknown): message is Envelope<unknown> =>
  typeof message === 'object' && message !== null && 'from' in message && 'payload' in message;

/**
 * Redis transport: one channel per topic, subscribed once per instance at start. Two
 * connections, because a subscribed connection cannot publish.
 *
 * This instance's own listeners hear a publish at once, without the round trip through
 * Redis (as Socket.IO's Redis adapter does): Redis carries it to the other instances, and
 * each instance skips its own messages coming back.
 */
export async function createRedisPubSub(
  options: RedisPubSubOptions,
): Promise<PubSub & { listeners: ListenerSet; commands: Redis }> {
  const { url, prefix, logger } = options;
  const onError = options.onError ?? (() => {});
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
    connection.on('error', (error) => {
      onError('connection');
      logger.warn({ err: error, connection: name }, 'redis error');
    });
  }
  const transport = new RedisPubSub({ publisher: commands, subscriber });
  const listeners = new ListenerSet();
  const instance = randomUUID();

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
      transport.subscribe(prefix + topic, (message: unknown) => {
        // A bare payload comes from an instance of an older version (rolling deploys).
        if (!isEnvelope(message)) listeners.emit(topic, message as Topics[typeof topic]);
        else if (message.from !== instance)
          listeners.emit(topic, message.payload as Topics[typeof topic]);
      }),
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
      const sent = transport.publish(prefix + topic, { from: instance, payload });
      try {
        listeners.emit(topic, payload);
      } catch (error) {
        logger.error({ err: error, topic }, 'a local listener failed');
      }
      try {
        await sent;
      } catch (error) {
        onError('publish');
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

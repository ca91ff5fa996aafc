import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { ChatMeters } from './chat/meters.js';
import type { Stats } from './chat/stats.js';

/** What the metrics read from the running server when scraped. */
export interface MetricSources {
  webSockets(): number;
  inboxStreams(): number;
  presenceSubscriptions(): number;
  /** Inbox events handed to subscribers since start (a running total). */
  deliveredEvents(): number;
  /** What `stats` answers (the whole service, the same from every instance). */
  stats?: () => Promise<Stats>;
}

export interface Metrics {
  registry: Registry;
  /** Handed to the domain and the transports: they count through it. */
  meters: ChatMeters;
}

/**
 * Prometheus metrics of one process: Node's defaults (event-loop lag, memory, handles)
 * plus what a chat operator watches. The README ("Operations") explains each one.
 */
export function createMetrics(sources: MetricSources): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const registers = [registry];

  new Gauge({
    name: 'chat_websocket_connections',
    help: 'Open graphql-ws connections.',
    registers,
    collect() {
      this.set(sources.webSockets());
    },
  });
  new Gauge({
    name: 'chat_subscriptions',
    help: 'Live subscriptions, by kind (inbox, presence), over WebSocket and SSE.',
    labelNames: ['kind'],
    registers,
    collect() {
      this.set({ kind: 'inbox' }, sources.inboxStreams());
      this.set({ kind: 'presence' }, sources.presenceSubscriptions());
    },
  });
  const written = new Counter({
    name: 'chat_inbox_events_written_total',
    help: 'Inbox events committed by this instance (one per recipient).',
    registers,
  });
  // Read from the inbox hub's running total when scraped: no work per delivered event.
  let deliveredSeen = 0;
  new Counter({
    name: 'chat_inbox_events_delivered_total',
    help: 'Inbox events handed to subscribers of this instance, replayed and live.',
    registers,
    collect() {
      const total = sources.deliveredEvents();
      this.inc(total - deliveredSeen);
      deliveredSeen = total;
    },
  });
  const replay = new Histogram({
    name: 'chat_inbox_replay_events',
    help: 'Stored events a new inbox subscription replayed before going live.',
    buckets: [0, 1, 10, 100, 1000, 10_000, 100_000],
    registers,
  });
  const gapFills = new Counter({
    name: 'chat_inbox_gap_fills_total',
    help: 'Reads of a live inbox that found events no doorbell brought (lost or late doorbells).',
    registers,
  });
  const resyncs = new Counter({
    name: 'chat_inbox_resyncs_total',
    help: 'ResyncEvents sent: a cursor older than what is kept.',
    registers,
  });
  const latency = new Histogram({
    name: 'chat_delivery_latency_seconds',
    help: "From an event's commit to its hand-off to a live subscriber's socket.",
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers,
  });
  const rateLimited = new Counter({
    name: 'chat_rate_limited_total',
    help: 'Operations refused with RATE_LIMITED, by action.',
    labelNames: ['action'],
    registers,
  });
  const databaseErrors = new Counter({
    name: 'chat_database_errors_total',
    help: 'Database work that failed, by when: request, background, readiness.',
    labelNames: ['during'],
    registers,
  });
  const redisErrors = new Counter({
    name: 'chat_redis_errors_total',
    help: 'Redis connection errors and failed commands, by kind: connection, publish, command.',
    labelNames: ['during'],
    registers,
  });
  const internalErrors = new Counter({
    name: 'chat_internal_errors_total',
    help: 'Operations answered INTERNAL_SERVER_ERROR.',
    registers,
  });

  // The service's figures, as `stats` answers them: read once per scrape (a few ms), by the
  // first of these gauges; the others use that reading.
  let reading: Promise<Stats | null> = Promise.resolve(null);
  const statsOf = async (first: boolean): Promise<Stats | null> => {
    if (first && sources.stats) reading = sources.stats().catch(() => null);
    return reading;
  };
  const today = (s: Stats) => s.days[s.days.length - 1];
  const figure = (
    name: string,
    help: string,
    value: (s: Stats) => number | undefined,
    first = false,
  ) =>
    new Gauge({
      name,
      help,
      registers,
      async collect() {
        const s = await statsOf(first);
        const v = s ? value(s) : undefined;
        if (v !== undefined) this.set(v);
      },
    });
  if (sources.stats) {
    figure('chat_users', 'Accounts (the whole service).', (s) => s.users, true);
    figure('chat_users_online', 'Users with a device connected now.', (s) => s.onlineNow);
    figure('chat_rooms', 'Rooms that exist.', (s) => s.rooms);
    figure('chat_messages_sent', 'Messages ever sent (the whole service).', (s) => s.messages);
    figure('chat_messages_sent_today', 'Messages sent this UTC day.', (s) => today(s)?.messages);
    figure(
      'chat_active_users_today',
      'Users who sent a message this UTC day.',
      (s) => today(s)?.activeUsers,
    );
    figure('chat_signups_today', 'Sign-ups this UTC day.', (s) => today(s)?.newUsers);
  }

  return {
    registry,
    meters: {
      eventsWritten: (count) => written.inc(count),
      replayed: (events) => replay.observe(events),
      gapFilled: () => gapFills.inc(),
      resynced: () => resyncs.inc(),
      delivered: (latencyMs) => latency.observe(latencyMs / 1000),
      rateLimited: (action) => rateLimited.inc({ action }),
      databaseError: (during) => databaseErrors.inc({ during }),
      redisError: (during) => redisErrors.inc({ during }),
      internalError: () => internalErrors.inc(),
    },
  };
}

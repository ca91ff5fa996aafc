import { collectDefaultMetrics, Gauge, Registry } from 'prom-client';

/** Prometheus metrics of one process: the defaults plus what a chat operator watches. */
export function createMetrics(sources: { webSockets: () => number; inboxStreams: () => number }) {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  new Gauge({
    name: 'chat_websocket_connections',
    help: 'Open graphql-ws connections.',
    registers: [registry],
    collect() {
      this.set(sources.webSockets());
    },
  });
  new Gauge({
    name: 'chat_inbox_streams',
    help: 'Live inbox subscriptions.',
    registers: [registry],
    collect() {
      this.set(sources.inboxStreams());
    },
  });
  return registry;
}

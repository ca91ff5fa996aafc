/**
 * The contract every benchmark peer implements.
 *
 * A peer is two halves that live in different processes:
 *  - a server the runner launches pinned to core 0 (`server`), and
 *  - a client adapter the load generator uses to speak the peer's wire
 *    protocol over plain `ws` (`createClient`), pinned to core 1.
 *
 * The generator never sees peer-specific payloads: it hands the adapter an
 * opaque `clientId` + `body` to send and expects the adapter to call
 * `onDelivery(clientId)` for every message a receiver gets. The clientId
 * carries phase/sender/sequence/index so loss, duplicates, reordering and
 * latency are computed identically for every peer.
 */
import type { PhaseTimings } from '../lib/bench-config.ts';

/** Everything the runner needs to start and stop one server instance. */
export interface PeerServerSpec {
  /** Entry file, compiled (bench/lib/compiled-entry.ts) and launched as `taskset -c 0 node <compiled>`. Relative to the repo root. */
  entry: string;
  /** Environment for the server process (merged over the runner's env). */
  env(ctx: ServerLaunchContext): Record<string, string>;
  /** A stdout/stderr line matching this means the server accepts connections. */
  readyPattern: RegExp;
  /**
   * Optional: per-instance resources the server needs (e.g. a fresh PostgreSQL
   * database), created before every server start and released after it stops.
   * Runs in the runner process; setup time is not measured.
   */
  provision?(): Promise<ServerInstanceResources>;
}

export interface ServerInstanceResources {
  /** Merged over `env(ctx)`. */
  env: Record<string, string>;
  /**
   * PostgreSQL database the instance writes to: the generator then also reports
   * Postgres CPU (backends of this database + the postmaster and its auxiliaries).
   */
  postgresDatabase?: string;
  release(): Promise<void>;
}

export interface ServerLaunchContext {
  /** Free TCP port on 127.0.0.1 chosen by the runner. */
  port: number;
  /** redis://127.0.0.1:<port> of the runner's private redis-server. */
  redisUrl: string;
}

/** Where the generator finds the server instance under test. */
export interface ClientContext {
  host: string;
  port: number;
}

/**
 * How users are arranged for one workload or connection test:
 * `rooms` rooms of `receiversPerRoom` receiving users each, plus one sending
 * user per room (senders are members of their room but do not open a
 * receiving subscription, so fan-out == receiversPerRoom).
 */
export interface RoomLayout {
  rooms: number;
  receiversPerRoom: number;
}

export type DeliveryHandler = (clientId: string) => void;

/** One receiving connection, already subscribed when handed out. */
export interface ReceiverConnection {
  close(): void;
}

/** One sending user. `send` must not block; throughput is measured by deliveries. */
export interface SenderConnection {
  send(clientId: string, body: string): void;
  close(): void;
}

export interface PeerClient {
  /**
   * Called once per server instance before any connection is opened: create
   * users/rooms/memberships out of band if the peer needs that (chat: signUp,
   * createRoom, joinRoom over HTTP). Setup time is not measured.
   */
  prepare(layout: RoomLayout): Promise<void>;
  /**
   * Open a connection for receiver `receiver` (0-based user index) that is a
   * member of `room` (0-based) and resolve once the subscription is live,
   * i.e. any message sent afterwards will be delivered to it.
   * `localAddress` spreads connections over 127.0.0.x source IPs.
   */
  openReceiver(
    receiver: number,
    room: number,
    onDelivery: DeliveryHandler,
    localAddress: string,
  ): Promise<ReceiverConnection>;
  /** Open the sending connection for `room`. */
  openSender(room: number, localAddress: string): Promise<SenderConnection>;
  /** Release anything `prepare` created that is not tied to a connection. */
  dispose(): Promise<void>;
}

/**
 * The part of the plan a peer runs, for extra rows that would otherwise make the full
 * run too long (bench/lib/peer-plan.ts applies it). Absent fields mean "everything".
 */
export interface PeerScope {
  /** Workload names (bench-config.ts WORKLOADS) to run. */
  workloads?: string[];
  /** Fixed rates (deliveries/s) to run after saturation; [] for saturation only. */
  fixedRates?: number[];
  /** false: no idle-connection test (e.g. it would measure what another row already does). */
  idleConnections?: boolean;
  /** Shorter phases; each is capped, never lengthened (a quick run stays quick). */
  timings?: PhaseTimings;
  /** Runs in the first N rounds only (ratios to other peers need the same round). */
  rounds?: number;
}

export interface PeerDefinition {
  /** Short letter used by `--peers a,b,c`. */
  letter: string;
  /** Stable name used in results, e.g. `ws-inproc`. */
  name: string;
  /** One line for the report. */
  description: string;
  /** Whether the runner must start its private redis-server for this peer. */
  usesRedis: boolean;
  /** Runs only part of the plan when set. */
  scope?: PeerScope | undefined;
  /**
   * Throws (with a human-readable reason) when the peer cannot run in this
   * checkout; the runner prints the reason and skips the peer.
   */
  assertAvailable(): void;
  server: PeerServerSpec;
  createClient(ctx: ClientContext): PeerClient;
}

/** Thrown by peers that are declared but not wired yet. */
export class PeerNotImplementedError extends Error {
  constructor(peer: string, detail: string) {
    super(`peer ${peer} not implemented: ${detail}`);
    this.name = 'PeerNotImplementedError';
  }
}

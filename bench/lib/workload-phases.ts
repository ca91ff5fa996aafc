/**
 * The generator's measurement phases for one room layout: connect receivers
 * and senders, then closed-loop saturation and open-loop fixed rates, each in
 * its own phase (fresh sequence numbers and trackers), each drained before
 * the next starts.
 */
import { setTimeout as delay } from 'node:timers/promises';
import type { PeerClient, SenderConnection } from '../peers/peer-types.ts';
import type { BenchPlan, GeneratorJob, WorkloadSpec } from './bench-config.ts';
import { mapWithConcurrency } from './bounded-concurrency.ts';
import { type PhaseTopology, PhaseTracker } from './delivery-tracker.ts';
import { BODY_64_BYTES, encodeMessageId } from './message-id.ts';
import { runOpenLoop } from './open-loop-schedule.ts';
import { type CpuSnapshot, cpuBetween, takeCpuSnapshot } from './proc-stats.ts';
import {
  type FixedRateResult,
  GENERATOR_BOUND_CORE_SHARE,
  MAX_SENDER_LAG_P99_MS,
  type SaturationResult,
  type WorkloadResult,
} from './result-types.ts';
import { SampleRecorder } from './sample-recorder.ts';
import { loopbackSourceAddress } from './ws-connect.ts';

/** Lead time before the first open-loop message so it is not born late. */
const SCHEDULE_LEAD_MS = 5;
/** Quiet gap before each phase, so the server's GC after a saturation phase does not land in the next one. */
const PHASE_GAP_MS = 500;

/**
 * Start every phase from a collected heap and an idle server: otherwise the
 * major GC owed from a saturation phase runs during the next fixed-rate phase
 * and shows up as sender lag (pauses of 5-10 ms, seen in quick runs).
 */
async function settleBeforePhase(): Promise<void> {
  (globalThis as { gc?: () => void }).gc?.();
  await delay(PHASE_GAP_MS);
}

interface ConnectedWorkload {
  topology: PhaseTopology;
  senders: SenderConnection[];
  /** Deliveries are routed to the tracker of the phase that is running (or dropped between phases). */
  startPhase(): PhaseTracker;
  close(): void;
}

async function connectWorkload(
  client: PeerClient,
  spec: WorkloadSpec,
  plan: BenchPlan,
): Promise<ConnectedWorkload> {
  const receiverCount = spec.rooms * spec.receiversPerRoom;
  const receiverRoom = Array.from({ length: receiverCount }, (_, i) =>
    Math.floor(i / spec.receiversPerRoom),
  );
  const topology: PhaseTopology = {
    rooms: spec.rooms,
    receiverRoom,
    fanout: spec.receiversPerRoom,
  };
  let current: PhaseTracker | undefined;
  let phase = 0;

  await client.prepare({ rooms: spec.rooms, receiversPerRoom: spec.receiversPerRoom });
  const receivers = await mapWithConcurrency(receiverCount, plan.connectConcurrency, (receiver) =>
    client.openReceiver(
      receiver,
      receiverRoom[receiver]!,
      (clientId) => current?.onDelivery(receiver, clientId, performance.now()),
      loopbackSourceAddress(receiver),
    ),
  );
  const senders = await mapWithConcurrency(spec.rooms, plan.connectConcurrency, (room) =>
    client.openSender(room, loopbackSourceAddress(receiverCount + room)),
  );
  return {
    topology,
    senders,
    startPhase() {
      current = new PhaseTracker(++phase, topology);
      return current;
    },
    close() {
      current = undefined;
      for (const connection of [...receivers, ...senders]) connection.close();
    },
  };
}

/** Send the next message of `room`'s sender, intended at `intendedAtMs`. */
function sendMessage(
  tracker: PhaseTracker,
  senders: SenderConnection[],
  room: number,
  intendedAtMs: number,
): void {
  const { index, seq } = tracker.registerSend(room, intendedAtMs);
  senders[room]!.send(
    encodeMessageId({ phase: tracker.phase, sender: room, seq, index }),
    BODY_64_BYTES,
  );
}

/** Resolves true once every sent message reached all receivers, false after `timeoutMs`. */
function waitForDrain(tracker: PhaseTracker, timeoutMs: number): Promise<boolean> {
  if (tracker.drained) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      tracker.onMessageComplete = undefined;
      resolve(false);
    }, timeoutMs);
    tracker.onMessageComplete = () => {
      if (!tracker.drained) return;
      clearTimeout(timer);
      tracker.onMessageComplete = undefined;
      resolve(true);
    };
  });
}

/**
 * Closed loop: keep a window of messages in flight and send a new one each
 * time one reaches all receivers, so the server runs flat out without an
 * unbounded queue building up. Throughput is counted over the measure window.
 */
async function runSaturation(
  workload: ConnectedWorkload,
  job: GeneratorJob,
): Promise<SaturationResult> {
  const { plan, serverPid, redisPid, postgresDatabase } = job;
  const { rooms, fanout } = workload.topology;
  await settleBeforePhase();
  const tracker = workload.startPhase();
  const windowMessages = Math.max(1, Math.ceil(plan.saturationWindowDeliveries / fanout));
  let sending = true;
  let nextRoom = 0;
  const sendOne = (): void => {
    sendMessage(tracker, workload.senders, nextRoom, performance.now());
    nextRoom = (nextRoom + 1) % rooms;
  };
  tracker.onMessageComplete = () => {
    if (sending) sendOne();
  };
  for (let i = 0; i < windowMessages; i++) sendOne();

  // These waits time the measurement window itself; they are not readiness guesses.
  await delay(plan.timings.saturationWarmupMs);
  const before = takeCpuSnapshot(serverPid, redisPid, postgresDatabase);
  const deliveriesBefore = tracker.deliveries;
  const completedBefore = tracker.completedMessages;
  await delay(plan.timings.saturationMeasureMs);
  const after = takeCpuSnapshot(serverPid, redisPid, postgresDatabase);
  const deliveries = tracker.deliveries - deliveriesBefore;
  const messages = tracker.completedMessages - completedBefore;
  sending = false;
  const drained = await waitForDrain(tracker, plan.timings.drainTimeoutMs);

  const cpu = cpuBetween(before, after);
  return {
    windowMessages,
    deliveriesPerSecond: deliveries / cpu.wallSeconds,
    messagesPerSecond: messages / cpu.wallSeconds,
    deliveriesPerServerCpuSecond: deliveries / cpu.serverCpuSeconds,
    deliveriesPerServerAndRedisCpuSecond: deliveries / (cpu.serverCpuSeconds + cpu.redisCpuSeconds),
    deliveriesPerBackendCpuSecond:
      deliveries / (cpu.serverCpuSeconds + cpu.redisCpuSeconds + cpu.postgresCpuSeconds),
    cpu,
    integrity: tracker.integrity(),
    drained,
    generatorBound: cpu.generatorCoreShare > GENERATOR_BOUND_CORE_SHARE,
  };
}

/**
 * Open loop at a fixed delivery rate: messages leave on a fixed schedule,
 * round-robin over rooms, and latency is taken from each message's intended
 * send time. The warm-up part of the schedule is excluded from all figures.
 */
async function runFixedRate(
  workload: ConnectedWorkload,
  job: GeneratorJob,
  deliveriesPerSecond: number,
): Promise<FixedRateResult> {
  const { plan, serverPid, redisPid, postgresDatabase } = job;
  const { rooms, fanout } = workload.topology;
  await settleBeforePhase();
  const tracker = workload.startPhase();
  const messagesPerSecond = deliveriesPerSecond / fanout;
  const intervalMs = 1000 / messagesPerSecond;
  const warmupMessages = Math.round((messagesPerSecond * plan.timings.fixedRateWarmupMs) / 1000);
  const measuredMessages = Math.round((messagesPerSecond * plan.timings.fixedRateMeasureMs) / 1000);
  const startAtMs = performance.now() + SCHEDULE_LEAD_MS;
  // Half an interval of slack so float rounding cannot drop the first measured message.
  tracker.latencyWindowMs = {
    start: startAtMs + (warmupMessages - 0.5) * intervalMs,
    end: Number.POSITIVE_INFINITY,
  };
  const senderLagMs = new SampleRecorder();
  let before: CpuSnapshot | undefined;
  let deliveriesBefore = 0;

  await runOpenLoop(
    {
      startAtMs,
      ratePerSecond: messagesPerSecond,
      totalMessages: warmupMessages + measuredMessages,
    },
    (index, intendedAtMs, nowMs) => {
      if (index === warmupMessages) {
        before = takeCpuSnapshot(serverPid, redisPid, postgresDatabase);
        deliveriesBefore = tracker.deliveries;
      }
      if (index >= warmupMessages) senderLagMs.record(nowMs - intendedAtMs);
      sendMessage(tracker, workload.senders, index % rooms, intendedAtMs);
    },
  );
  const after = takeCpuSnapshot(serverPid, redisPid, postgresDatabase);
  const deliveriesInWindow = tracker.deliveries - deliveriesBefore;
  const drained = await waitForDrain(tracker, plan.timings.drainTimeoutMs);

  if (before === undefined) throw new Error('fixed-rate phase too short to have a measured part');
  const cpu = cpuBetween(before, after);
  const lag = senderLagMs.percentiles();
  const expectedDeliveries = measuredMessages * fanout;
  return {
    targetDeliveriesPerSecond: deliveriesPerSecond,
    achievedDeliveriesPerSecond: deliveriesInWindow / cpu.wallSeconds,
    latencyMs: tracker.latencyMs.percentiles(),
    senderLagMs: lag,
    senderLagged: lag.p99 > MAX_SENDER_LAG_P99_MS,
    serverCpuMicrosPerMessage: (cpu.serverCpuSeconds * 1e6) / measuredMessages,
    serverCpuMicrosPerDelivery: (cpu.serverCpuSeconds * 1e6) / expectedDeliveries,
    redisCpuMicrosPerMessage: (cpu.redisCpuSeconds * 1e6) / measuredMessages,
    postgresCpuMicrosPerMessage: (cpu.postgresCpuSeconds * 1e6) / measuredMessages,
    cpu,
    integrity: tracker.integrity(),
    drained,
    generatorBound: cpu.generatorCoreShare > GENERATOR_BOUND_CORE_SHARE,
  };
}

export async function runWorkload(
  client: PeerClient,
  spec: WorkloadSpec,
  job: GeneratorJob,
  log: (line: string) => void,
): Promise<WorkloadResult> {
  const workload = await connectWorkload(client, spec, job.plan);
  try {
    const saturation = await runSaturation(workload, job);
    log(`${spec.name}: saturation ${Math.round(saturation.deliveriesPerSecond)} deliveries/s`);
    const fixedRates: FixedRateResult[] = [];
    for (const rate of job.plan.fixedRates) {
      const result = await runFixedRate(workload, job, rate);
      log(
        `${spec.name}: ${rate}/s p50 ${result.latencyMs.p50.toFixed(2)} ms p99 ${result.latencyMs.p99.toFixed(2)} ms`,
      );
      fixedRates.push(result);
    }
    return {
      workload: spec.name,
      rooms: spec.rooms,
      fanout: spec.receiversPerRoom,
      saturation,
      fixedRates,
    };
  } finally {
    workload.close();
  }
}

/**
 * Connection test: open N connections that each join one room (rooms of
 * `idleRoomSize`), measuring connect+subscribe rate and the server's RSS
 * growth per connection. Runs against a fresh server instance so the RSS
 * baseline is not polluted by earlier workloads.
 */
import type { PeerClient } from '../peers/peer-types.ts';
import type { GeneratorJob } from './bench-config.ts';
import { mapWithConcurrency } from './bounded-concurrency.ts';
import { cpuBetween, openFileLimit, processRssBytes, takeCpuSnapshot } from './proc-stats.ts';
import type { IdleConnectionsResult } from './result-types.ts';
import { loopbackSourceAddress } from './ws-connect.ts';

/** Headroom for stdio, Redis connections, module files etc. */
const SPARE_FILE_DESCRIPTORS = 256;

export async function runIdleConnections(
  client: PeerClient,
  job: GeneratorJob,
): Promise<IdleConnectionsResult> {
  const { idleConnections: connections, idleRoomSize, connectConcurrency } = job.plan;
  const limit = openFileLimit();
  if (limit < connections + SPARE_FILE_DESCRIPTORS) {
    throw new Error(
      `open file limit ${limit} too low for ${connections} connections: raise ulimit -n`,
    );
  }
  await client.prepare({
    rooms: Math.ceil(connections / idleRoomSize),
    receiversPerRoom: idleRoomSize,
  });

  const rssBaselineBytes = processRssBytes(job.serverPid);
  const before = takeCpuSnapshot(job.serverPid, job.redisPid, job.postgresDatabase);
  const opened = await mapWithConcurrency(connections, connectConcurrency, (receiver) =>
    client.openReceiver(
      receiver,
      Math.floor(receiver / idleRoomSize),
      () => {},
      loopbackSourceAddress(receiver),
    ),
  );
  const after = takeCpuSnapshot(job.serverPid, job.redisPid, job.postgresDatabase);
  const rssAfterBytes = processRssBytes(job.serverPid);
  for (const connection of opened) connection.close();
  await client.dispose();

  const cpu = cpuBetween(before, after);
  return {
    connections,
    connectConcurrency,
    connectsPerSecond: connections / cpu.wallSeconds,
    rssBaselineBytes,
    rssAfterBytes,
    rssPerConnectionBytes: (rssAfterBytes - rssBaselineBytes) / connections,
    serverCpuMicrosPerConnection: (cpu.serverCpuSeconds * 1e6) / connections,
    postgresCpuMicrosPerConnection: (cpu.postgresCpuSeconds * 1e6) / connections,
    generatorCoreShare: cpu.generatorCoreShare,
  };
}

/**
 * What a chaos run stands on: a fresh PostgreSQL database reached through a TCP proxy the
 * run can cut, a private redis-server it can kill, and two chat instances (A and B) built
 * as `npm start` builds them, sharing both.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import postgres from 'postgres';
import { pickFreePort } from '../lib/free-port.ts';
import { Instance } from './instance.ts';
import { type PrivateRedis, startPrivateRedis } from './private-redis.ts';
import { startTcpProxy, type TcpProxy } from './tcp-proxy.ts';

export interface Cluster {
  instances: [Instance, Instance];
  redis: PrivateRedis;
  postgresProxy: TcpProxy;
  logDir: string;
  /** (Re)starts both instances with a scenario's settings; A first, so it migrates alone. */
  startInstances(env: Record<string, string>, onlyA?: Record<string, string>): Promise<void>;
  stopInstances(): Promise<void>;
  close(): Promise<void>;
}

export async function startCluster(repoRoot: string, postgresUrl: string): Promise<Cluster> {
  const logDir = path.join(
    repoRoot,
    'bench/.build/chaos',
    new Date().toISOString().replace(/[:.]/g, '-'),
  );
  mkdirSync(logDir, { recursive: true });
  execFileSync('npm', ['run', '--silent', 'build'], { cwd: repoRoot, stdio: 'inherit' });

  const server = new URL(postgresUrl);
  const name = `chaos_${randomBytes(5).toString('hex')}`;
  const admin = postgres(postgresUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const postgresProxy = await startTcpProxy({
    host: server.hostname,
    port: Number(server.port || 5432),
  });
  const viaProxy = new URL(postgresUrl);
  viaProxy.port = String(postgresProxy.port);
  viaProxy.pathname = `/${name}`;

  const redis = await startPrivateRedis(
    await pickFreePort(),
    repoRoot,
    path.join(logDir, 'redis.log'),
  );
  const baseEnv = {
    DATABASE_URL: viaProxy.toString(),
    REDIS_URL: redis.url,
    REDIS_PREFIX: 'chaos:',
    JWT_SECRET: randomBytes(24).toString('hex'),
    RATE_LIMITS: 'off',
    LOG_LEVEL: 'info',
    SHUTDOWN_GRACE_SECONDS: '2',
  };
  const instances: [Instance, Instance] = [
    new Instance('A', await pickFreePort(), repoRoot, path.join(logDir, 'a.log'), baseEnv),
    new Instance('B', await pickFreePort(), repoRoot, path.join(logDir, 'b.log'), baseEnv),
  ];
  const stopInstances = async () => {
    await Promise.all(instances.map((i) => i.stop()));
  };
  return {
    instances,
    redis,
    postgresProxy,
    logDir,
    async startInstances(env, onlyA = {}) {
      await instances[0].start({ ...env, ...onlyA });
      await instances[1].start(env);
    },
    stopInstances,
    async close() {
      await stopInstances();
      for (const instance of instances) instance.close();
      await redis.stop();
      await postgresProxy.close();
      // `with (force)`: an instance killed mid-run may still hold connections.
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}

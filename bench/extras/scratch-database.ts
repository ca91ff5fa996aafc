/**
 * A fresh PostgreSQL database per run (`bench_x_<random>`), migrated with the server's
 * own migrations, dropped at the end even if the run failed.
 */
import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { openDatabase } from '../../src/db/client.js';

export interface ScratchDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

export async function createScratchDatabase(serverUrl: string): Promise<ScratchDatabase> {
  const name = `bench_x_${randomBytes(5).toString('hex')}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const drop = async () => {
    // `with (force)`: a server that died mid-run may still hold connections.
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.end();
  };
  try {
    // openDatabase applies drizzle/ migrations; the server would too, but seeding comes first.
    const migrated = await openDatabase({ databaseUrl: url.toString(), dataDir: '', poolSize: 1 });
    await migrated.close();
  } catch (error) {
    await drop();
    throw error;
  }
  return { name, url: url.toString(), drop };
}

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { makePgliteTemplate } from '../../src/db/client.js';

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteTemplate: string;
  }
}

// One migrated PGlite dump for the whole run: each test server boots from it in well
// under a second instead of running initdb (see ../shared/STACK.md, trap 9).
export default async function setup(project: TestProject) {
  const dir = mkdtempSync(join(tmpdir(), 'chat-test-'));
  const file = join(dir, 'template.tar');
  writeFileSync(file, Buffer.from(await (await makePgliteTemplate()).arrayBuffer()));
  project.provide('pgliteTemplate', file);
  return () => {
    rmSync(dir, { recursive: true, force: true });
    const skipped = process.env.CHAT_SKIPPED_SERVICES;
    if (skipped)
      console.warn(`\n⚠ SKIPPED the "services" suite (PostgreSQL + Redis): ${skipped}\n`);
  };
}

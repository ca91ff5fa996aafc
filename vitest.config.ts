import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';
import { probeServices } from './test/support/services.js';

// Every spec runs twice: on embedded PGlite with in-process pub/sub, and on PostgreSQL +
// Redis. Without those services the second run is skipped, and said so; with
// REQUIRE_SERVICES=1 (CI) their absence fails the run instead.
export default defineConfig(async () => {
  const services = await probeServices();
  const required = process.env.REQUIRE_SERVICES === '1';
  if (!services.ok) {
    const why = services.problems.join('; ');
    if (required) throw new Error(`REQUIRE_SERVICES=1 but services are unreachable: ${why}`);
    process.env.CHAT_SKIPPED_SERVICES = why;
    console.warn(
      `\n⚠ SKIPPING the "services" suite (PostgreSQL + Redis): ${why}\n  Only the embedded suite runs. Set REQUIRE_SERVICES=1 to make this a failure.\n`,
    );
  }
  const project = (name: string) => ({
    extends: true as const,
    test: { name, env: { CHAT_TEST_BACKEND: name } },
  });
  return {
    // Node loads graphql's CommonJS build for every dependency (Pothos, yoga, graphql-jit);
    // vite would give our sources its ESM build, and the two reject each other's schema
    // objects. One copy, as in production.
    resolve: {
      alias: [
        { find: /^graphql$/, replacement: createRequire(import.meta.url).resolve('graphql') },
      ],
    },
    test: {
      include: ['test/**/*.test.ts'],
      globalSetup: ['test/support/global-setup.ts'],
      testTimeout: 30_000,
      hookTimeout: 60_000,
      teardownTimeout: 20_000,
      projects: services.ok ? [project('embedded'), project('services')] : [project('embedded')],
    },
  };
});

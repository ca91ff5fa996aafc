import { defineConfig } from 'drizzle-kit';

// Migrations are generated from src/db/tables.ts and applied by the server at start.
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/db/tables.ts',
  out: './drizzle',
  casing: 'snake_case',
});

/**
 * Servers under test run as compiled JavaScript on plain `node`, as `npm start` runs ours
 * (dist/, built by esbuild). tsx would add esbuild's keepNames helper to every closure our
 * TypeScript creates: measurably more CPU and heap per connection, which production never
 * pays. Peers' TypeScript servers are compiled the same way, so every peer runs alike.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';

const OUT_DIR = 'bench/.build';

/** Builds dist/ (ours) once per process. */
let builtOurs = false;
function buildOurs(repoRoot: string): void {
  if (builtOurs) return;
  execFileSync('npm', ['run', '--silent', 'build'], { cwd: repoRoot, stdio: 'inherit' });
  builtOurs = true;
}

/**
 * The JavaScript file to run for a server entry: dist/main.js for src/main.ts, else the
 * entry bundled (dependencies left external) into bench/.build/.
 */
export function compiledEntry(repoRoot: string, entry: string): string {
  if (entry === 'src/main.ts') {
    buildOurs(repoRoot);
    return 'dist/main.js';
  }
  const out = path.join(OUT_DIR, `${path.basename(entry, '.ts')}.mjs`);
  execFileSync(
    path.join(repoRoot, 'node_modules/.bin/esbuild'),
    [
      entry,
      '--bundle',
      '--packages=external',
      '--platform=node',
      '--format=esm',
      '--target=node20',
      `--outfile=${out}`,
      '--log-level=warning',
    ],
    { cwd: repoRoot, stdio: 'inherit' },
  );
  return out;
}

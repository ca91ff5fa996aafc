import { existsSync, mkdtempSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

const WEB = fileURLToPath(new URL('../../web/', import.meta.url));
const DIST = join(WEB, 'dist');

/** The newest modification time under `path` (a file or a folder), in ms. */
function newest(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...readdirSync(path).map((name) => newest(join(path, name))));
}

const sources = () =>
  Math.max(
    newest(join(WEB, 'src')),
    newest(join(WEB, 'index.html')),
    newest(join(WEB, 'vite.config.ts')),
    newest(fileURLToPath(new URL('../../examples/resumable-inbox.ts', import.meta.url))),
  );

const fresh = () =>
  existsSync(join(DIST, 'index.html')) && statSync(join(DIST, 'index.html')).mtimeMs >= sources();

/**
 * Builds the web client into web/dist unless it is newer than its sources (as `npm start`
 * does), so `npm test` tests what the sources say. The build goes to a folder of its own and
 * is renamed into place: both test projects may build at once.
 */
export async function ensureWebBuilt(): Promise<void> {
  if (fresh()) return;
  const out = mkdtempSync(join(WEB, '.dist-'));
  try {
    await build({
      configFile: join(WEB, 'vite.config.ts'),
      logLevel: 'warn',
      build: { outDir: out, emptyOutDir: true },
    });
    if (fresh()) return;
    rmSync(DIST, { recursive: true, force: true });
    renameSync(out, DIST);
  } catch (error) {
    // The other project renamed its build into place first: the same files.
    if (!fresh()) throw error;
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

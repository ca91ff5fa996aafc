import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

// The README's client recipes are files under examples/ that the suites in test/clients/
// import and run: each block marked `<!-- examples/x.ts -->` must be that file, word for word.

const root = new URL('../', import.meta.url);
const read = (path: string) => readFileSync(new URL(path, root), 'utf8');

/** Each marked block of the README: the file it names and the block's text. */
function markedBlocks(): { path: string; text: string }[] {
  return [
    ...read('README.md').matchAll(/<!-- (examples\/[\w.-]+\.ts) -->\n```ts\n([\s\S]*?)```/g),
  ].map((m) => ({ path: m[1] as string, text: m[2] as string }));
}

/** The client suite that runs each recipe. */
const SUITES: Record<string, string> = {
  'examples/graphql-ws-inbox.ts': 'test/clients/graphql-ws.test.ts',
  'examples/apollo-inbox.ts': 'test/clients/apollo.test.ts',
  'examples/urql-inbox.ts': 'test/clients/urql.test.ts',
};

describe('README client recipes', () => {
  it('show each client recipe of examples/ in full, as the file holds it', () => {
    const blocks = markedBlocks();
    expect(blocks.map((b) => b.path).sort()).toEqual(Object.keys(SUITES).sort());
    for (const { path, text } of blocks) {
      expect(text, `README block of ${path}: copy the file into it`).toBe(read(path));
    }
  });

  it('are what the client suites run', () => {
    for (const [example, suite] of Object.entries(SUITES)) {
      const name = example.replace(/^examples\//, '').replace(/\.ts$/, '');
      expect(read(suite), suite).toContain(`from '../../examples/${name}.js'`);
    }
    // Every recipe file is shown (resumable-inbox.ts is linked: the README says copy it).
    const files = readdirSync(new URL('examples/', root)).filter((f) => f.endsWith('-inbox.ts'));
    expect(files.map((f) => `examples/${f}`).sort()).toEqual(
      [...Object.keys(SUITES), 'examples/resumable-inbox.ts'].sort(),
    );
  });
});

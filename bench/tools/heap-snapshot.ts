/**
 * Heap snapshots of a running server (node's `--heapsnapshot-signal=SIGUSR2`, written to
 * `--diagnostic-dir`) and what one holds, by kind of object: a diff of two says what each of
 * N things (connections, subscriptions) keeps alive.
 */
import { closeSync, openSync, readdirSync, readFileSync, readSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** The node flags that let `takeSnapshot` work, for the server's NODE_OPTIONS. */
export const snapshotFlags = (dir: string) =>
  `--heapsnapshot-signal=SIGUSR2 --diagnostic-dir=${dir}`;

/** Whether the file's last bytes close its strings array and top-level object. */
function endsJson(path: string): boolean {
  const size = statSync(path).size;
  if (size < 2) return false;
  const tail = Buffer.alloc(Math.min(size, 16));
  const fd = openSync(path, 'r');
  readSync(fd, tail, 0, tail.length, size - tail.length);
  closeSync(fd);
  return tail.toString().replace(/\s+/g, '').endsWith(']}');
}

/** Signals the server and waits for the snapshot file (a snapshot runs a full GC first). */
export async function takeSnapshot(pid: number, dir: string): Promise<string> {
  const before = new Set(readdirSync(dir));
  process.kill(pid, 'SIGUSR2');
  for (;;) {
    await new Promise((r) => setTimeout(r, 500));
    const written = readdirSync(dir).find((f) => f.endsWith('.heapsnapshot') && !before.has(f));
    // The file appears when writing starts; it is whole once it ends its JSON.
    if (written) {
      const path = join(dir, written);
      let size = -1;
      while (!endsJson(path) || size !== statSync(path).size) {
        size = statSync(path).size;
        await new Promise((r) => setTimeout(r, 500));
      }
      return path;
    }
  }
}

interface Snapshot {
  snapshot: { meta: { node_fields: string[]; node_types: [string[]] } };
  nodes: number[];
  strings: string[];
}

/** Bytes and counts by kind: strings together, objects by constructor, closures by name. */
export function heapByKind(path: string): Map<string, { bytes: number; count: number }> {
  const s = JSON.parse(readFileSync(path, 'utf8')) as Snapshot;
  const fields = s.snapshot.meta.node_fields;
  const types = s.snapshot.meta.node_types[0];
  const [typeAt, nameAt, sizeAt] = ['type', 'name', 'self_size'].map((f) => fields.indexOf(f));
  const kinds = new Map<string, { bytes: number; count: number }>();
  for (let i = 0; i < s.nodes.length; i += fields.length) {
    const type = types[s.nodes[i + (typeAt as number)] as number] as string;
    const name = s.strings[s.nodes[i + (nameAt as number)] as number] as string;
    const kind = type.endsWith('string') ? 'strings' : `${type} ${name.slice(0, 50)}`;
    const entry = kinds.get(kind) ?? { bytes: 0, count: 0 };
    entry.bytes += s.nodes[i + (sizeAt as number)] as number;
    entry.count += 1;
    kinds.set(kind, entry);
  }
  return kinds;
}

/** Prints the heap each of `n` things added between two snapshots, largest kinds first. */
export function printHeapPer(n: number, what: string, first: string, second: string, top = 15) {
  const [a, b] = [heapByKind(first), heapByKind(second)];
  const rows = [...b].map(([kind, { bytes, count }]) => ({
    kind,
    bytes: (bytes - (a.get(kind)?.bytes ?? 0)) / n,
    count: (count - (a.get(kind)?.count ?? 0)) / n,
  }));
  const total = rows.reduce((sum, r) => sum + r.bytes, 0);
  console.log(`heap per ${what}: ${(total / 1024).toFixed(1)} KiB`);
  for (const r of rows.sort((x, y) => y.bytes - x.bytes).slice(0, top)) {
    console.log(
      `  ${r.bytes.toFixed(0).padStart(6)} B  ${r.count.toFixed(2).padStart(6)}×  ${r.kind}`,
    );
  }
}

import { createWriteStream } from 'node:fs';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ByteRange, FileStore } from './types.js';

/** Keys are made by the server (random UUIDs); anything else is refused before the disk. */
const KEY = /^[0-9a-f-]{36}$/;

function pathOf(root: string, key: string): string {
  if (!KEY.test(key)) throw new Error(`invalid file key ${key.slice(0, 40)}`);
  // Two levels of directories keep any one directory small.
  return join(root, key.slice(0, 2), key);
}

/** Files under `root` (DATA_DIR/files): written to a temporary name, renamed when complete. */
export function createDiskFileStore(root: string): FileStore {
  return {
    kind: 'disk',
    async put(key, data) {
      const path = pathOf(root, key);
      await mkdir(join(path, '..'), { recursive: true });
      const partial = `${path}.part`;
      try {
        await pipeline(data, createWriteStream(partial, { flags: 'wx' }));
        await rename(partial, path);
      } catch (error) {
        data.destroy();
        await rm(partial, { force: true });
        throw error;
      }
    },
    async get(key, range?: ByteRange): Promise<Readable | null> {
      let handle: Awaited<ReturnType<typeof open>>;
      try {
        handle = await open(pathOf(root, key), 'r');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw error;
      }
      return handle.createReadStream({ ...(range ?? {}), autoClose: true });
    },
    async delete(key) {
      await rm(pathOf(root, key), { force: true });
    },
  };
}

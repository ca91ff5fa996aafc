import type { Readable } from 'node:stream';

/** Bytes `start` to `end`, both included (an HTTP range). */
export interface ByteRange {
  start: number;
  end: number;
}

/**
 * Where uploaded files' bytes live, by key; streams in and out, never whole in memory. The
 * disk store is the one there is; an S3-compatible store implements the same three calls.
 */
export interface FileStore {
  readonly kind: string;
  /** Stores the stream under `key`; when it fails (the stream too), nothing is left there. */
  put(key: string, data: Readable): Promise<void>;
  /** The file's bytes (in `range` only, when given); null when there is no such file. */
  get(key: string, range?: ByteRange): Promise<Readable | null>;
  /** Removes the file; a missing one is not an error. */
  delete(key: string): Promise<void>;
}

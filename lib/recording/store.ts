import 'server-only';
import { createReadStream } from 'node:fs';
import { mkdir, rm, stat, statfs, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';

/**
 * Where recorded segments are kept. Keys are relative paths Vigil makes
 * (`<camera>/<yyyy-mm-dd>/<hh>/<start ms>-<sequence>.<ext>`), never input from a browser.
 * The local folder is the one implementation today; an S3-compatible object store (MinIO)
 * would implement the same five calls (PUT, GET, DELETE, a bucket quota for free space).
 */
export interface RecordingStore {
  /**
   * Writes an object. Readers find objects only through the rows stored after `put` returns,
   * so a write cut short (a crash) leaves an object no one reads, never half a segment played.
   */
  put(key: string, data: Uint8Array): Promise<void>;
  /** The object's bytes as a stream, or null when it is gone (deleted by retention meanwhile). */
  get(key: string): Promise<{ body: ReadableStream<Uint8Array>; size: number } | null>;
  remove(key: string): Promise<void>;
  /** Bytes still free where the store writes (the disk floor is checked against this). */
  freeBytes(): Promise<number>;
}

const KEY = /^[A-Za-z0-9_-]+(\/[A-Za-z0-9_.-]+)*$/;

function checkKey(key: string): string {
  if (!KEY.test(key) || key.split('/').some((part) => part === '..' || part === '.')) throw new Error(`invalid recording key: ${key}`);
  return key;
}

/** Recordings in a folder on a local (or mounted) disk. */
export class FolderStore implements RecordingStore {
  /** Folders known to exist: one mkdir per camera-hour, not one per segment. */
  private readonly folders = new Set<string>();

  constructor(readonly root: string) {}

  private file(key: string): string {
    return path.join(this.root, checkKey(key));
  }

  async put(key: string, data: Uint8Array): Promise<void> {
    const file = this.file(key);
    const folder = path.dirname(file);
    if (!this.folders.has(folder)) {
      await mkdir(folder, { recursive: true });
      if (this.folders.size > 10_000) this.folders.clear();
      this.folders.add(folder);
    }
    await writeFile(file, data);
  }

  async get(key: string): Promise<{ body: ReadableStream<Uint8Array>; size: number } | null> {
    const file = this.file(key);
    try {
      const { size } = await stat(file);
      return { body: Readable.toWeb(createReadStream(file)) as ReadableStream<Uint8Array>, size };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
  }

  async remove(key: string): Promise<void> {
    await rm(this.file(key), { force: true });
  }

  async freeBytes(): Promise<number> {
    await mkdir(this.root, { recursive: true });
    const fs = await statfs(this.root);
    return fs.bavail * fs.bsize;
  }
}

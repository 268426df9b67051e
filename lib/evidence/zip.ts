import { Zip, ZipDeflate, ZipPassThrough, unzipSync, type UnzipFileInfo } from 'fflate';

// ZIP writing and reading for evidence packages, on fflate (small, no native parts, streams).
// Video is stored as is (it does not compress); JSON is deflated. Reading is for checking
// packages others hand in, so it refuses what would exhaust memory before inflating anything.

export interface ZipEntry {
  name: string;
  /** Deflate (text) or store (video, JPEG). */
  deflate: boolean;
  chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>;
}

/**
 * The archive of `entries`, produced as it is read: entries are pulled one at a time, so a
 * package of an hour of video never sits in memory, and a slow download slows the reading.
 * fflate writes no ZIP64: an archive must stay under 4 GiB (the exporter limits what it takes).
 */
export async function* zipChunks(entries: AsyncIterable<ZipEntry>, mtime: Date): AsyncGenerator<Uint8Array> {
  const out: Uint8Array[] = [];
  let failure: Error | null = null;
  const zip = new Zip((err, data) => {
    if (err) failure = err;
    else out.push(data);
  });
  const drain = function* () {
    if (failure) throw failure;
    while (out.length) yield out.shift()!;
  };
  for await (const entry of entries) {
    const file = entry.deflate ? new ZipDeflate(entry.name, { level: 6 }) : new ZipPassThrough(entry.name);
    file.mtime = mtime;
    zip.add(file);
    for await (const chunk of entry.chunks) {
      file.push(chunk);
      yield* drain();
    }
    file.push(new Uint8Array(0), true);
    yield* drain();
  }
  zip.end();
  yield* drain();
}

export class UnreadableZip extends Error {}

/** What a check reads at most from one package, inflated: a package is a few clips of minutes. */
export const MAX_UNZIPPED_BYTES = 4 * 1024 * 1024 * 1024;

/**
 * The files of an archive by name. Refused (UnreadableZip) before inflating anything: not a
 * ZIP, a method other than store/deflate, two entries of one name (which would be checked
 * against the manifest is then ambiguous), or more than `maxBytes` once inflated.
 */
export function readZip(bytes: Uint8Array, maxBytes = MAX_UNZIPPED_BYTES): Map<string, Uint8Array> {
  const seen = new Set<string>();
  let total = 0;
  const check = (info: UnzipFileInfo): boolean => {
    if (info.compression !== 0 && info.compression !== 8) throw new UnreadableZip(`${info.name}: compression method ${info.compression} is not store or deflate`);
    if (seen.has(info.name)) throw new UnreadableZip(`${info.name} appears twice in the archive`);
    seen.add(info.name);
    total += info.originalSize;
    if (total > maxBytes) throw new UnreadableZip(`The archive holds more than ${maxBytes} bytes once expanded`);
    return !info.name.endsWith('/');
  };
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(bytes, { filter: check });
  } catch (err) {
    if (err instanceof UnreadableZip) throw err;
    throw new UnreadableZip(`Not a readable ZIP archive: ${(err as Error).message}`);
  }
  return new Map(Object.entries(files));
}

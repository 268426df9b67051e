import 'server-only';
import { Worker } from 'node:worker_threads';
import { AppError } from '@/lib/api/errors';
import type { CheckedImport, CheckedRow } from '@/lib/planning/import-check';
import type { ImportWorkerReply, ImportWorkerRequest } from '@/lib/planning/import-worker-protocol';
import type { PlanLayer } from '@/lib/planning/layers';

/**
 * Heap of the worker that checks one import: a 48 MB body parses to a few hundred MB of
 * objects. A body that needs more is refused (413) rather than taking the server down.
 */
const WORKER_HEAP_MB = 768;

/**
 * Parses and checks an import body (import-check.ts) in a worker thread, so the event loop
 * keeps serving while a large file is checked. The body's bytes are handed over (not copied);
 * a fresh worker per import, ended afterwards, gives its memory back. In the production
 * build Next bundles the worker entry from the `new URL(…)` below; run from source (tests,
 * the bench) the entry is TypeScript and tsx loads it.
 */
export function checkImportInWorker(bytes: Uint8Array, layer: PlanLayer, agencyId: string): Promise<CheckedImport> {
  const options = { resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB } };
  // (The source path is computed, not written as a URL, so the bundler does not copy the .ts file as an asset.)
  const source = import.meta.url.endsWith('.ts') ? import.meta.url.replace(/[^/]+$/, 'import-check.worker.ts') : null;
  const worker = source
    ? new Worker(`import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(source)}); })`, { ...options, eval: true })
    : new Worker(new URL('./import-check.worker.ts', import.meta.url), options);
  return new Promise<CheckedImport>((resolve, reject) => {
    const rows: CheckedRow[] = [];
    let settled = false;
    const finish = (fn: () => void) => {
      if (settled) return;
      settled = true;
      fn();
      void worker.terminate();
    };
    worker.on('message', (reply: ImportWorkerReply) => {
      if (reply.kind === 'rows') rows.push(...reply.rows);
      else if (reply.kind === 'refused') finish(() => reject(new AppError('bad_request', reply.refused.message, reply.refused.issues)));
      else finish(() => resolve({ total: reply.total, dryRun: reply.dryRun, errors: reply.errors, rows }));
    });
    worker.on('error', (err: Error & { code?: string }) =>
      finish(() =>
        reject(err.code === 'ERR_WORKER_OUT_OF_MEMORY' ? new AppError('payload_too_large', 'The file is too large to check at once; split it into smaller imports') : err),
      ),
    );
    worker.on('exit', (code) => finish(() => reject(new Error(`import check worker exited with code ${code}`))));
    const buffer = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes : bytes.slice();
    const request: ImportWorkerRequest = { bytes: buffer, layer, agencyId };
    worker.postMessage(request, [buffer.buffer as ArrayBuffer]);
  });
}

let busy = false;

/**
 * One import at a time per server process: each holds its body and checked shapes in memory
 * and keeps the embedded engine's one connection busy while it is stored. A second one is
 * refused with 503 and Retry-After (lib/api/handler) instead of waiting in memory.
 */
export async function withImportSlot<T>(fn: () => Promise<T>): Promise<T> {
  if (busy) throw new AppError('unavailable', 'Another import is being checked or stored; try again in a few seconds');
  busy = true;
  try {
    return await fn();
  } finally {
    busy = false;
  }
}

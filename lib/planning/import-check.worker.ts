// Worker-thread entry of the import check (import-check.ts), started by import-worker.ts. One
// message in (the body's bytes, transferred), the checked rows out in batches — each batch is
// one short task for the receiving event loop — then the errors and totals.
import { parentPort } from 'node:worker_threads';
import { checkImportBody } from '@/lib/planning/import-check';
import type { ImportWorkerReply, ImportWorkerRequest } from '@/lib/planning/import-worker-protocol';

const BATCH = 500;

const port = parentPort;
if (!port) throw new Error('import-check.worker runs in a worker thread');
port.once('message', (request: ImportWorkerRequest) => {
  const send = (reply: ImportWorkerReply) => port.postMessage(reply);
  const result = checkImportBody(request.bytes, request.layer, request.agencyId);
  if (!result.ok) {
    send({ kind: 'refused', refused: result.refused });
    return;
  }
  const { rows, ...rest } = result.checked;
  for (let start = 0; start < rows.length; start += BATCH) send({ kind: 'rows', rows: rows.slice(start, start + BATCH) });
  send({ kind: 'done', total: rest.total, dryRun: rest.dryRun, errors: rest.errors });
});

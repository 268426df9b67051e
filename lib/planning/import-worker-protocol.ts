// Messages between the server and the import-check worker (import-worker.ts ↔ import-check.worker.ts).
import type { CheckedRow, FeatureError, RefusedBody } from '@/lib/planning/import-check';
import type { PlanLayer } from '@/lib/planning/layers';

export interface ImportWorkerRequest {
  bytes: Uint8Array;
  layer: PlanLayer;
  agencyId: string;
}

export type ImportWorkerReply =
  | { kind: 'rows'; rows: CheckedRow[] }
  | { kind: 'done'; total: number; dryRun: boolean; errors: FeatureError[] }
  | { kind: 'refused'; refused: RefusedBody };

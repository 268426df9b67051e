import { apiRoute } from '@/lib/api/handler';
import { importPlanRequest } from '@/lib/planning/import';
import { PLAN_WRITE_ACTION } from '@/lib/planning/layers';
import { planLayerParams } from '@/lib/planning/schemas';

export const dynamic = 'force-dynamic';

/**
 * Imports features (parsed from GeoJSON or KML by the browser) into a layer. The body is parsed
 * and every feature checked in a worker thread; with any error nothing is stored and the answer
 * lists each feature's problems. `dryRun` checks only (the preview). One import at a time: a
 * second is answered 503 with Retry-After.
 */
export const POST = apiRoute(
  { action: ({ layer }) => PLAN_WRITE_ACTION[layer], params: planLayerParams },
  async ({ req, params, database, user, ip }) => {
    const { dryRun, ...result } = await importPlanRequest(database, { actor: user, ip }, params.layer, req);
    return Response.json(result, { status: result.errors.length && !dryRun ? 422 : 200 });
  },
);

import { apiRoute, readJsonBody } from '@/lib/api/handler';
import { importBodySchema, importPlanFeatures, MAX_IMPORT_BYTES } from '@/lib/planning/import';
import { PLAN_WRITE_ACTION } from '@/lib/planning/layers';
import { planLayerParams } from '@/lib/planning/schemas';

export const dynamic = 'force-dynamic';

/**
 * Imports features (parsed from GeoJSON or KML by the browser) into a layer. Every feature is
 * checked; with any error nothing is stored and the answer lists each feature's problems.
 * `dryRun` checks only (the preview).
 */
export const POST = apiRoute(
  { action: ({ layer }) => PLAN_WRITE_ACTION[layer], params: planLayerParams },
  async ({ req, params, database, user, ip }) => {
    const body = await readJsonBody(req, importBodySchema, MAX_IMPORT_BYTES);
    const result = await importPlanFeatures(database, { actor: user, ip }, params.layer, body);
    return Response.json(result, { status: result.errors.length && !body.dryRun ? 422 : 200 });
  },
);

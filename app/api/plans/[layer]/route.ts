import { apiRoute, readJsonBody } from '@/lib/api/handler';
import { PLAN_WRITE_ACTION } from '@/lib/planning/layers';
import { createBodySchema, planLayerParams } from '@/lib/planning/schemas';
import { createPlanFeature } from '@/lib/planning/store';

export const dynamic = 'force-dynamic';

/** Draws a new zone, patrol route or post (version 1). A shape PostGIS calls invalid is refused with its repair as a preview, stored only when the body accepts it. */
export const POST = apiRoute(
  { action: ({ layer }) => PLAN_WRITE_ACTION[layer], params: planLayerParams },
  async ({ req, params, database, user, ip }) => {
    const body = await readJsonBody(req, createBodySchema(params.layer), 2 * 1024 * 1024);
    return createPlanFeature(database, { actor: user, ip }, params.layer, body);
  },
);

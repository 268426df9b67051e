import { judgeGeometry } from '@/lib/planning/geometry-verdict';
import { apiRoute, readJsonBody } from '@/lib/api/handler';
import { PLAN_WRITE_ACTION } from '@/lib/planning/layers';
import { planLayerParams, validateBodySchema } from '@/lib/planning/schemas';

export const dynamic = 'force-dynamic';

/** The server's verdict on a shape before saving: valid, or the problems and PostGIS's repair as a preview. Stores nothing. */
export const POST = apiRoute(
  { action: ({ layer }) => PLAN_WRITE_ACTION[layer], params: planLayerParams },
  async ({ req, params, database }) => {
    const body = await readJsonBody(req, validateBodySchema, 2 * 1024 * 1024);
    return judgeGeometry(database.db, params.layer, body.geometry);
  },
);

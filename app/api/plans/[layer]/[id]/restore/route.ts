import { apiRoute, readJsonBody } from '@/lib/api/handler';
import { PLAN_WRITE_ACTION } from '@/lib/planning/layers';
import { planObjectParams, restoreBodySchema } from '@/lib/planning/schemas';
import { restorePlanVersion } from '@/lib/planning/store';

export const dynamic = 'force-dynamic';

/** Makes an earlier version current again, as a new version. */
export const POST = apiRoute(
  { action: ({ layer }) => PLAN_WRITE_ACTION[layer], params: planObjectParams },
  async ({ req, params, database, user, ip }) => {
    const body = await readJsonBody(req, restoreBodySchema);
    return restorePlanVersion(database, { actor: user, ip }, params.layer, params.id, body.version, body.baseVersion);
  },
);

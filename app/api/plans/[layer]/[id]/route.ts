import { getPlanFeature } from '@/db/queries/plan-features';
import { AppError } from '@/lib/api/errors';
import { apiRoute, readJsonBody } from '@/lib/api/handler';
import { can } from '@/lib/auth/permissions';
import { PLAN_WRITE_ACTION } from '@/lib/planning/layers';
import { planObjectParams, retireQuerySchema, updateBodySchema } from '@/lib/planning/schemas';
import { retirePlanFeature, updatePlanFeature } from '@/lib/planning/store';

export const dynamic = 'force-dynamic';

/** One drawn object with its version, as the editor opens it. */
export const GET = apiRoute({ action: 'layer:read', params: planObjectParams }, async ({ params, database, user }) => {
  const feature = await getPlanFeature(database.db, params.layer, params.id);
  if (!feature || !can(user, 'layer:read', { provinceCode: feature.provinceCode, agencyId: feature.agencyId })) throw new AppError('not_found', 'No such object');
  return feature;
});

/** Saves a change as a new version; `baseVersion` is the version edited (409 when someone saved since). */
export const PATCH = apiRoute(
  { action: ({ layer }) => PLAN_WRITE_ACTION[layer], params: planObjectParams },
  async ({ req, params, database, user, ip }) => {
    const body = await readJsonBody(req, updateBodySchema(params.layer), 2 * 1024 * 1024);
    return updatePlanFeature(database, { actor: user, ip }, params.layer, params.id, body);
  },
);

/** Retires the object: it leaves the map, its history stays and can be restored. */
export const DELETE = apiRoute(
  { action: ({ layer }) => PLAN_WRITE_ACTION[layer], params: planObjectParams, query: retireQuerySchema },
  async ({ params, query, database, user, ip }) => retirePlanFeature(database, { actor: user, ip }, params.layer, params.id, query.baseVersion),
);

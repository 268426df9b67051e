import { getPlanFeature, listPlanVersions } from '@/db/queries/plan-features';
import { AppError } from '@/lib/api/errors';
import { apiRoute } from '@/lib/api/handler';
import { can } from '@/lib/auth/permissions';
import { planObjectParams } from '@/lib/planning/schemas';

export const dynamic = 'force-dynamic';

/** Every saved version of an object, newest first, with who saved it, what changed and its shape. */
export const GET = apiRoute({ action: 'layer:read', params: planObjectParams }, async ({ params, database, user }) => {
  const feature = await getPlanFeature(database.db, params.layer, params.id);
  if (!feature || !can(user, 'layer:read', { provinceCode: feature.provinceCode, agencyId: feature.agencyId })) throw new AppError('not_found', 'No such object');
  return { current: feature.version, retired: feature.retiredAt !== null, versions: await listPlanVersions(database.db, params.layer, params.id) };
});

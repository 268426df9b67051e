import { apiRoute, readJsonBody } from '@/lib/api/handler';
import { updateFacility } from '@/lib/programme/facilities';
import { getFacilityPage } from '@/lib/programme/read';
import { facilityParams, facilityPatchSchema } from '@/lib/programme/schemas';

export const dynamic = 'force-dynamic';

/** One facility with its contacts, steps, cameras, uptime and outages. */
export const GET = apiRoute({ action: 'facility:read', params: facilityParams }, async ({ params, database, user, scope, ip }) =>
  getFacilityPage(database, { actor: user, ip }, scope, params.id),
);

/** Edits, closes (`closed: { reason }`) or reopens (`closed: null`) a facility; `baseVersion` as read. */
export const PATCH = apiRoute({ action: 'facility:write', params: facilityParams }, async ({ req, params, database, user, ip }) => {
  const body = await readJsonBody(req, facilityPatchSchema);
  return updateFacility(database, { actor: user, ip }, params.id, body);
});

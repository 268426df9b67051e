import { z } from 'zod';
import { listFacilities } from '@/db/queries/programme';
import { FACILITY_STATUSES } from '@/lib/domain/facilities';
import { apiRoute, readJsonBody } from '@/lib/api/handler';
import { createFacility } from '@/lib/programme/facilities';
import { agencyIdSchema, facilityCreateSchema, provinceCodeSchema } from '@/lib/programme/schemas';

export const dynamic = 'force-dynamic';

const listQuery = z.object({
  status: z.enum(FACILITY_STATUSES).optional(),
  province: provinceCodeSchema.optional(),
  telecom: agencyIdSchema.optional(),
  closed: z.enum(['include']).optional(),
});

/** The facilities the user may see (telecom staff: their company's; the health department: its own). */
export const GET = apiRoute({ action: 'facility:read', query: listQuery }, async ({ database, scope, query }) => ({
  facilities: await listFacilities(database, scope, { status: query.status, provinceCode: query.province, telecomAgencyId: query.telecom, includeClosed: query.closed === 'include' }),
}));

/** Registers a facility (it starts not surveyed). */
export const POST = apiRoute({ action: 'facility:write' }, async ({ req, database, user, ip }) => {
  const body = await readJsonBody(req, facilityCreateSchema);
  return Response.json(await createFacility(database, { actor: user, ip }, body), { status: 201 });
});

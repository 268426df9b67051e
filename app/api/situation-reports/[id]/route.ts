import { z } from 'zod';
import { AppError } from '@/lib/api/errors';
import { apiRoute, readJsonBody } from '@/lib/api/handler';
import { uuidSchema } from '@/lib/api/schemas';
import { getSituationReport, updateReport, updateReportSchema } from '@/lib/reports/situation';
import { getSettings } from '@/lib/settings';

export const dynamic = 'force-dynamic';

const params = z.object({ id: uuidSchema });

export const GET = apiRoute({ action: 'sitrep:read', params }, async ({ params, database, user }) => {
  const report = await getSituationReport(database.db, user, params.id);
  if (!report) throw new AppError('not_found', 'No such report');
  return report;
});

/** Saves a draft's narrative or refreshes its figures; a signed report answers 409. */
export const PATCH = apiRoute({ action: 'sitrep:write', params }, async ({ req, params, database, user, ip }) => {
  const input = await readJsonBody(req, updateReportSchema, 256 * 1024);
  return updateReport(database, user, params.id, input, getSettings().SHIFT_STARTS, ip);
});

import { apiRoute, readJsonBody } from '@/lib/api/handler';
import { listReports, openReport, openReportSchema } from '@/lib/reports/situation';
import { getSettings } from '@/lib/settings';

export const dynamic = 'force-dynamic';

/** Situation reports, newest shift first. */
export const GET = apiRoute({ action: 'sitrep:read' }, async ({ database, user }) => ({ reports: await listReports(database, user) }));

/** Opens a shift's report (the current shift by default), or a correction of a signed one. */
export const POST = apiRoute({ action: 'sitrep:write' }, async ({ req, database, user, ip }) => {
  const input = await readJsonBody(req, openReportSchema);
  return openReport(database, user, input, getSettings().SHIFT_STARTS, ip);
});

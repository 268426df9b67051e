import { AppError } from '@/lib/api/errors';
import { NATIONAL_SCOPE } from '@/lib/geo/provinces';
import { apiRoute, readJsonBody } from '@/lib/api/handler';
import { hasFacilityIn } from '@/db/queries/programme';
import { canReadScope, defaultScopeKey, generateReport, listReports } from '@/lib/programme/reports';
import { generateReportSchema } from '@/lib/programme/schemas';
import { localDateOf } from '@/lib/domain/local-time';

export const dynamic = 'force-dynamic';

/** Past daily reports the user may read: their province's, or every one for national users. */
export const GET = apiRoute({ action: 'facility:read' }, async ({ database, user }) => ({
  reports: canReadScope(user, user.provinceCode ?? 'national') ? await listReports(database, user.provinceCode ? [user.provinceCode] : null) : [],
}));

/**
 * Makes the day's report for a scope now (or returns it, when it was already made: a report is
 * made once per day and scope, here or on any other instance). 201 when made, 200 when it existed.
 */
export const POST = apiRoute({ action: 'programme:manage' }, async ({ req, database, user, ip }) => {
  const body = await readJsonBody(req, generateReportSchema);
  const scopeKey = body.scope ?? defaultScopeKey(user);
  if (!canReadScope(user, scopeKey)) throw new AppError('forbidden', 'You report on your own province');
  // A report is frozen for good: only for the national level or a province the programme has facilities in.
  if (scopeKey !== NATIONAL_SCOPE && !(await hasFacilityIn(database, scopeKey))) {
    throw new AppError('unprocessable', `No facility of the programme is in ${scopeKey}`, [{ path: 'body.scope', message: 'no facility in this province' }]);
  }
  const { report, created } = await generateReport(database, { scopeKey, date: body.date ?? localDateOf(new Date()), actor: user, ip });
  const { figures: _figures, ...summary } = report;
  return Response.json({ report: summary, created }, { status: created ? 201 : 200 });
});

import { setProgrammeSettings } from '@/db/queries/programme';
import { apiRoute, readJsonBody } from '@/lib/api/handler';
import { writeAudit } from '@/lib/audit';
import { getProgrammeDashboard } from '@/lib/programme/read';
import { settingsSchema } from '@/lib/programme/schemas';

export const dynamic = 'force-dynamic';

/** The programme dashboard for the user's scope: counts by status, province and company, trend, late and degraded lists. */
export const GET = apiRoute({ action: 'facility:read' }, async ({ database, scope }) => getProgrammeDashboard(database, scope));

/** The programme's settings: its deadline and the local time of the daily report. National users only. */
export const PATCH = apiRoute({ action: 'programme:manage' }, async ({ req, database, user, ip }) => {
  const body = await readJsonBody(req, settingsSchema);
  if (user.provinceCode !== null) return Response.json({ error: { code: 'forbidden', message: 'The programme is set at the national level' } }, { status: 403 });
  const minute = body.reportTime ? Number(body.reportTime.slice(0, 2)) * 60 + Number(body.reportTime.slice(3, 5)) : null;
  await database.db.transaction(async (tx) => {
    await setProgrammeSettings(tx, { deadline: body.deadline ?? null, reportMinute: minute, updatedBy: user.id });
    await writeAudit(tx, { action: 'programme.settings', actorId: user.id, actorName: user.displayName, ip, details: body });
  });
  return getProgrammeDashboard(database, { provinceCode: null, agencyId: null }).then((d) => d.programme);
});

import 'server-only';
import { sql } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { listFacilityOutages, getFacilityUptime, getFacilityDetail, getProgramme, type FacilityDetail, type Outage } from '@/db/queries/programme';
import { AppError } from '@/lib/api/errors';
import type { ActorScope } from '@/lib/auth/permissions';
import { auditDenied, type WriteContext } from '@/lib/programme/facilities';
import { computeFigures, type ProgrammeFigures } from '@/lib/programme/figures';
import { isLate } from '@/lib/programme/status';
import { localDateOf, localDayStart } from '@/lib/domain/local-time';

export interface FacilityPage extends FacilityDetail {
  late: boolean;
  due: string;
  uptimeTodayPct: number | null;
  uptime7dPct: number | null;
  outages: Outage[];
}

/**
 * A facility as its page shows it: details, contacts, steps, cameras, uptime today and over the
 * last 7 days, and its outages. Out of scope, it is a 404 and the attempt is audited.
 */
export async function getFacilityPage(database: Database, ctx: WriteContext, scope: ActorScope, id: string, now = new Date()): Promise<FacilityPage> {
  const detail = await getFacilityDetail(database, scope, id);
  if (!detail) {
    const [exists] = await database.rows<{ id: string }>(sql`SELECT id FROM quarantine_facilities WHERE id = ${id}`);
    if (exists) await auditDenied(database.db, ctx, id, 'facility:read');
    throw new AppError('not_found', 'No such facility');
  }
  const programme = await getProgramme(database);
  const todayStart = new Date(localDayStart(now));
  const weekStart = new Date(todayStart.getTime() - 6 * 86_400_000);
  const [today, week, outages] = await Promise.all([
    getFacilityUptime(database, scope, todayStart, now, id),
    getFacilityUptime(database, scope, weekStart, now, id),
    listFacilityOutages(database, scope, weekStart, now, id),
  ]);
  return {
    ...detail,
    late: isLate(detail.status, detail.targetDate, programme.deadline, localDateOf(now)),
    due: detail.targetDate ?? programme.deadline,
    uptimeTodayPct: today[0]?.uptimePct ?? null,
    uptime7dPct: week[0]?.uptimePct ?? null,
    outages,
  };
}

export interface Dashboard {
  programme: { name: string; nameEn: string; deadline: string; reportMinute: number; daysLeft: number };
  figures: ProgrammeFigures;
}

/** The programme dashboard: today's figures for the user's scope, as of now. */
export async function getProgrammeDashboard(database: Database, scope: ActorScope, now = new Date()): Promise<Dashboard> {
  const programme = await getProgramme(database);
  const today = localDateOf(now);
  const figures = await computeFigures(database, scope, 'live', today, now, programme.deadline);
  const daysLeft = Math.round((Date.parse(`${programme.deadline}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / 86_400_000);
  return { programme: { name: programme.name, nameEn: programme.nameEn, deadline: programme.deadline, reportMinute: programme.reportMinute, daysLeft }, figures };
}


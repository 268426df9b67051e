import 'server-only';
import { canonicalJson, contentHash } from '@/lib/reports/canonical';
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { rowsOf, type Database, type Db } from '@/db/client';
import { listAlertGroups } from '@/db/queries/alerts';
import { getPeriodFigures, type PeriodFigures } from '@/db/queries/overview';
import { getStaffingAt } from '@/db/queries/roster';
import { AppError } from '@/lib/api/errors';
import { storableText, uuidSchema } from '@/lib/api/schemas';
import { writeAudit } from '@/lib/audit';
import { can, scopeFor, type Actor } from '@/lib/auth/permissions';
import { reportStatement, sign } from '@/lib/signing/signature';
import { PROVINCE_CODE } from '@/lib/domain/region';
import { shiftAt, shiftOf, type Shift } from '@/lib/domain/shifts';
import { isLocalDate } from '@/lib/domain/local-time';

// Situation reports: at the end of a shift the duty officer opens the shift's report, pre-filled
// with its figures and notable alerts, writes the narrative and signs it. Signing freezes it: the
// SHA-256 of its content is stored with an Ed25519 signature over it (lib/signing, a key outside
// the database) and a database trigger refuses any later change; a mistake is corrected by a new
// report that names the one it corrects.

export interface ReportActor extends Actor {
  displayName: string;
}

export interface ShiftFigures extends PeriodFigures {
  posts: { total: number; staffedAtStart: number; officersAtStart: number };
}

/** An alert group as it stood when the report was written. */
export interface NotableAlert {
  groupId: string;
  kind: string;
  status: string;
  severity: string;
  count: number;
  firstAt: string;
  zoneName: string | null;
  zoneNameEn: string | null;
  directions: string[];
  people: number | null;
  outcome: string | null;
  interceptedCount: number | null;
  escalated: boolean;
}

export interface SituationReport {
  id: string;
  provinceCode: string;
  periodStart: string;
  periodEnd: string;
  shiftDate: string;
  shiftIndex: number;
  status: 'draft' | 'signed';
  figures: ShiftFigures;
  notableAlerts: NotableAlert[];
  narrative: string;
  version: number;
  authorName: string;
  createdAt: string;
  updatedAt: string;
  signedAt: string | null;
  signerName: string | null;
  contentHash: string | null;
  /** The id of the key that signed it, and the signature (lib/signing); null for a draft or a report signed before signatures. */
  signatureKeyId: string | null;
  signature: string | null;
  correctsId: string | null;
  /** Reports that correct this one, newest last. */
  correctedBy: string[];
  /** For a signed report: does its content still hash to the stored value? */
  hashValid: boolean | null;
}

export const openReportSchema = z
  .object({
    shiftDate: z.string().refine(isLocalDate, 'must be a date (YYYY-MM-DD)').optional(),
    shiftIndex: z.number().int().min(0).max(11).optional(),
    /** Open a correction of this signed report instead. */
    correctsId: uuidSchema.optional(),
  })
  .strict();

export const updateReportSchema = z
  .object({
    version: z.number().int().min(1),
    narrative: storableText(20_000).optional(),
    /** Refresh the figures and notable alerts from the database (a draft only). */
    refresh: z.boolean().optional(),
  })
  .strict();

export const signReportSchema = z.object({ version: z.number().int().min(1) }).strict();

/** Notable: critical, escalated, a team sent, or a resident's tip. */
async function notableAlerts(database: Database, provinceCode: string, shift: { start: Date; end: Date }): Promise<NotableAlert[]> {
  const groups = await listAlertGroups(
    database,
    { provinceCode, agencyId: null },
    { state: 'all', from: shift.start.toISOString(), to: shift.end.toISOString(), sort: 'time', limit: 500 },
  );
  return groups
    .filter((g) => g.severity === 'critical' || g.escalated || g.kinds.includes('tip') || g.status === 'dispatched' || g.outcome === 'intercepted')
    .slice(0, 40)
    .map((g) => ({
      groupId: g.id,
      kind: g.kind,
      status: g.status,
      severity: g.severity,
      count: g.count,
      firstAt: g.firstAt,
      zoneName: g.zoneName,
      zoneNameEn: g.zoneNameEn,
      directions: g.directions,
      people: g.people,
      outcome: g.outcome,
      interceptedCount: g.interceptedCount,
      escalated: g.escalated,
    }));
}

async function shiftFigures(database: Database, provinceCode: string, shift: { start: Date; end: Date }, shiftStarts: readonly number[], now: Date): Promise<ShiftFigures> {
  const scope = { provinceCode, agencyId: null };
  const to = new Date(Math.min(shift.end.getTime(), now.getTime()));
  const figures = await getPeriodFigures(database, scope, shift.start, to);
  const staffing = await getStaffingAt(database, scope, shift.start, shiftStarts);
  const staffed = staffing.posts.filter((p) => p.current);
  return {
    ...figures,
    posts: { total: staffing.posts.length, staffedAtStart: staffed.length, officersAtStart: staffed.reduce((s, p) => s + (p.current?.officerCount ?? 0), 0) },
  };
}

/** The province a report is for: the actor's, or the reference province for a national account. */
function reportProvince(actor: Actor): string {
  return actor.provinceCode ?? PROVINCE_CODE;
}

/**
 * Opens the report of a shift (the current one by default): the existing one, or a new draft
 * pre-filled with the shift's figures. With `correctsId`, a new draft correcting a signed report.
 */
export async function openReport(
  database: Database,
  actor: ReportActor,
  input: z.infer<typeof openReportSchema>,
  shiftStarts: readonly number[],
  ip: string | null,
  now = new Date(),
): Promise<{ id: string; created: boolean }> {
  const provinceCode = reportProvince(actor);
  if (!can(actor, 'sitrep:write', { provinceCode })) throw new AppError('forbidden', 'Your role may not write situation reports');
  let shift: Shift;
  let base: { narrative: string } | null = null;
  if (input.correctsId) {
    const original = await getSituationReport(database.db, actor, input.correctsId);
    if (!original) throw new AppError('not_found', 'No such report');
    if (original.status !== 'signed') throw new AppError('conflict', 'Only a signed report is corrected; edit the draft instead');
    // The same shift as the original, whatever the shift plan is now.
    shift = { date: original.shiftDate, index: original.shiftIndex, start: new Date(original.periodStart), end: new Date(original.periodEnd) };
    base = { narrative: original.narrative };
  } else if (input.shiftDate !== undefined || input.shiftIndex !== undefined) {
    if (input.shiftDate === undefined || input.shiftIndex === undefined) throw new AppError('bad_request', 'Name both the shift date and its number');
    if (input.shiftIndex >= shiftStarts.length) throw new AppError('bad_request', `The shift plan has ${shiftStarts.length} shifts a day`);
    shift = shiftOf(input.shiftDate, input.shiftIndex, shiftStarts);
    if (shift.start.getTime() > now.getTime()) throw new AppError('bad_request', 'That shift has not begun');
  } else {
    shift = shiftAt(now, shiftStarts);
  }
  if (!input.correctsId) {
    const [existing] = await database.rows<{ id: string }>(sql`
      SELECT id FROM situation_reports WHERE province_code = ${provinceCode} AND shift_date = ${shift.date}::date AND shift_index = ${shift.index} AND corrects_id IS NULL`);
    if (existing) return { id: existing.id, created: false };
  }
  const figures = await shiftFigures(database, provinceCode, shift, shiftStarts, now);
  const notable = await notableAlerts(database, provinceCode, shift);
  return database.db.transaction(async (tx) => {
    const [row] = rowsOf<{ id: string }>(
      await tx.execute(sql`
        INSERT INTO situation_reports (province_code, period_start, period_end, shift_date, shift_index, figures, notable_alerts, narrative, author_id, author_name, corrects_id)
        VALUES (${provinceCode}, ${shift.start}, ${shift.end}, ${shift.date}::date, ${shift.index}, ${JSON.stringify(figures)}::jsonb, ${JSON.stringify(notable)}::jsonb,
          ${base?.narrative ?? ''}, ${actor.id}, ${actor.displayName}, ${input.correctsId ?? null})
        ON CONFLICT DO NOTHING
        RETURNING id`),
    );
    if (!row) {
      // Another officer opened the same shift's report at the same moment: use theirs.
      const [theirs] = rowsOf<{ id: string }>(
        await tx.execute(sql`SELECT id FROM situation_reports WHERE province_code = ${provinceCode} AND shift_date = ${shift.date}::date AND shift_index = ${shift.index} AND corrects_id IS NULL`),
      );
      return { id: theirs!.id, created: false };
    }
    await writeAudit(tx, {
      action: input.correctsId ? 'sitrep.correct' : 'sitrep.open',
      actorId: actor.id,
      actorName: actor.displayName,
      targetType: 'situation_report',
      targetId: row.id,
      ip,
      details: { shiftDate: shift.date, shiftIndex: shift.index, correctsId: input.correctsId ?? null },
    });
    return { id: row.id, created: true };
  });
}

interface ReportRow {
  id: string;
  province_code: string;
  period_start: string;
  period_end: string;
  shift_date: string;
  shift_index: number;
  status: 'draft' | 'signed';
  figures: ShiftFigures;
  notable_alerts: NotableAlert[];
  narrative: string;
  version: number;
  author_name: string;
  created_at: string;
  updated_at: string;
  signed_at: string | null;
  signer_name: string | null;
  content_hash: string | null;
  signature_key_id: string | null;
  signature: string | null;
  corrects_id: string | null;
  corrected_by: string[] | null;
}

const iso = (v: string | Date | null) => (v === null ? null : new Date(v).toISOString());

/** What a signature covers, in one canonical form (keys sorted at every level). */
export function canonicalContent(r: Omit<SituationReport, 'status' | 'version' | 'createdAt' | 'updatedAt' | 'contentHash' | 'signatureKeyId' | 'signature' | 'correctedBy' | 'hashValid'>): string {
  return canonicalJson({
      id: r.id,
      provinceCode: r.provinceCode,
      periodStart: r.periodStart,
      periodEnd: r.periodEnd,
      shiftDate: r.shiftDate,
      shiftIndex: r.shiftIndex,
      figures: r.figures,
      notableAlerts: r.notableAlerts,
      narrative: r.narrative,
      authorName: r.authorName,
      signerName: r.signerName,
      signedAt: r.signedAt,
      correctsId: r.correctsId,
    });
}

export { contentHash };

function toReport(r: ReportRow): SituationReport {
  const report: SituationReport = {
    id: r.id,
    provinceCode: r.province_code,
    periodStart: iso(r.period_start)!,
    periodEnd: iso(r.period_end)!,
    shiftDate: typeof r.shift_date === 'string' ? r.shift_date.slice(0, 10) : iso(r.shift_date)!.slice(0, 10),
    shiftIndex: Number(r.shift_index),
    status: r.status,
    figures: r.figures,
    notableAlerts: r.notable_alerts,
    narrative: r.narrative,
    version: Number(r.version),
    authorName: r.author_name,
    createdAt: iso(r.created_at)!,
    updatedAt: iso(r.updated_at)!,
    signedAt: iso(r.signed_at),
    signerName: r.signer_name,
    contentHash: r.content_hash,
    signatureKeyId: r.signature_key_id,
    signature: r.signature,
    correctsId: r.corrects_id,
    correctedBy: r.corrected_by ?? [],
    hashValid: null,
  };
  if (report.status === 'signed') report.hashValid = contentHash(canonicalContent(report)) === report.contentHash;
  return report;
}

const SELECT_REPORT = sql`
  SELECT r.*, to_char(r.shift_date, 'YYYY-MM-DD') AS shift_date,
    (SELECT array_agg(c.id ORDER BY c.created_at) FROM situation_reports c WHERE c.corrects_id = r.id) AS corrected_by
  FROM situation_reports r`;

/** One report, whoever asks: for checking signatures (lib/reports/verification); readers use getSituationReport. */
export async function getReport(db: Db, id: string): Promise<SituationReport | null> {
  const [row] = rowsOf<ReportRow>(await db.execute(sql`${SELECT_REPORT} WHERE r.id = ${id}`));
  return row ? toReport(row) : null;
}

/** One report, when the actor may read it (404 otherwise: reports of another province do not exist for them). */
export async function getSituationReport(db: Db, actor: Actor, id: string): Promise<SituationReport | null> {
  const report = await getReport(db, id);
  return report && can(actor, 'sitrep:read', { provinceCode: report.provinceCode }) ? report : null;
}

export async function listReports(database: Database, actor: Actor, limit = 100): Promise<Omit<SituationReport, 'figures' | 'notableAlerts' | 'narrative'>[]> {
  const scope = scopeFor(actor, 'sitrep:read');
  if (!scope) return [];
  const rows = await database.rows<ReportRow>(sql`
    ${SELECT_REPORT} ${scope.provinceCode ? sql`WHERE r.province_code = ${scope.provinceCode}` : sql``}
    ORDER BY r.period_start DESC, r.created_at DESC LIMIT ${limit}`);
  return rows.map((r) => {
    const { figures: _f, notableAlerts: _n, narrative: _t, ...rest } = toReport(r);
    return rest;
  });
}

async function draftFor(tx: Db, actor: ReportActor, id: string, version: number): Promise<SituationReport> {
  const report = await getSituationReport(tx, actor, id);
  if (!report) throw new AppError('not_found', 'No such report');
  if (!can(actor, 'sitrep:write', { provinceCode: report.provinceCode })) throw new AppError('forbidden', 'Your role may not change situation reports');
  if (report.status === 'signed') {
    throw new AppError('conflict', `The report was signed by ${report.signerName ?? 'someone'} and can no longer change; open a correction`, undefined, {
      reason: 'signed',
      signedAt: report.signedAt,
      signerName: report.signerName,
    });
  }
  if (report.version !== version) {
    throw new AppError('conflict', 'The report was changed since you opened it', undefined, { reason: 'stale_version', version: report.version, updatedAt: report.updatedAt });
  }
  return report;
}

/** Saves a draft's narrative, or refreshes its figures; refused once signed or when stale. */
export async function updateReport(
  database: Database,
  actor: ReportActor,
  id: string,
  input: z.infer<typeof updateReportSchema>,
  shiftStarts: readonly number[],
  ip: string | null,
  now = new Date(),
): Promise<SituationReport> {
  return database.db.transaction(async (tx) => {
    await tx.execute(sql`SELECT 1 FROM situation_reports WHERE id = ${id} FOR UPDATE`);
    const report = await draftFor(tx, actor, id, input.version);
    let figures: ShiftFigures | null = null;
    let notable: NotableAlert[] | null = null;
    if (input.refresh) {
      const period = { start: new Date(report.periodStart), end: new Date(report.periodEnd) };
      figures = await shiftFigures(database, report.provinceCode, period, shiftStarts, now);
      notable = await notableAlerts(database, report.provinceCode, period);
    }
    await tx.execute(sql`
      UPDATE situation_reports SET
        narrative = coalesce(${input.narrative ?? null}, narrative),
        figures = coalesce(${figures ? JSON.stringify(figures) : null}::jsonb, figures),
        notable_alerts = coalesce(${notable ? JSON.stringify(notable) : null}::jsonb, notable_alerts),
        version = version + 1, updated_at = now()
      WHERE id = ${id}`);
    await writeAudit(tx, { action: 'sitrep.update', actorId: actor.id, actorName: actor.displayName, targetType: 'situation_report', targetId: id, ip, details: { refreshed: Boolean(input.refresh), narrative: input.narrative !== undefined } });
    return (await getSituationReport(tx, actor, id))!;
  });
}

/** Signs a draft: from here on it is frozen (content hash and its signature stored; the database refuses changes). */
export async function signReport(database: Database, actor: ReportActor, id: string, version: number, ip: string | null): Promise<SituationReport> {
  return database.db.transaction(async (tx) => {
    await tx.execute(sql`SELECT 1 FROM situation_reports WHERE id = ${id} FOR UPDATE`);
    const report = await draftFor(tx, actor, id, version);
    if (!report.narrative.trim()) throw new AppError('bad_request', 'Write the narrative before signing', [{ path: 'body.narrative', message: 'is empty' }]);
    const [{ now }] = rowsOf<{ now: string }>(await tx.execute(sql`SELECT date_trunc('milliseconds', now()) AS now`)) as [{ now: string }];
    const signedAt = new Date(now).toISOString();
    const hash = contentHash(canonicalContent({ ...report, signerName: actor.displayName, signedAt }));
    const signed = sign(reportStatement('situation_report', id, hash));
    await tx.execute(sql`
      UPDATE situation_reports SET status = 'signed', signed_at = ${signedAt}::timestamptz, signed_by = ${actor.id}, signer_name = ${actor.displayName},
        content_hash = ${hash}, signature_key_id = ${signed.keyId}, signature = ${signed.signature}, version = version + 1, updated_at = ${signedAt}::timestamptz
      WHERE id = ${id}`);
    await writeAudit(tx, {
      action: 'sitrep.sign',
      actorId: actor.id,
      actorName: actor.displayName,
      targetType: 'situation_report',
      targetId: id,
      ip,
      details: { contentHash: hash, keyId: signed.keyId },
    });
    return (await getSituationReport(tx, actor, id))!;
  });
}

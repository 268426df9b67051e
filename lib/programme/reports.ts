import 'server-only';
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { inTransaction, rowsOf, type Database } from '@/db/client';
import { getProgramme, PROGRAMME_ID } from '@/db/queries/programme';
import type { Scope } from '@/db/queries/scope';
import { AppError } from '@/lib/api/errors';
import { writeAudit } from '@/lib/audit';
import type { Actor } from '@/lib/auth/permissions';
import { NATIONAL_SCOPE } from '@/lib/geo/provinces';
import { getLogger } from '@/lib/logger';
import { computeFigures, type ProgrammeFigures } from '@/lib/programme/figures';
import { canonicalJson, contentHash } from '@/lib/reports/canonical';
import { reportStatement, sign } from '@/lib/signing/signature';
import { addDays, localDateOf, localInstant, type LocalDate } from '@/lib/domain/local-time';
import { LOCK } from '@/db/lock-keys';

export interface ProgrammeReport {
  id: string;
  scopeKey: string;
  reportDate: LocalDate;
  cutoffAt: string;
  generatedAt: string;
  generatedByName: string | null;
  contentHash: string;
  /** The id of the key that signed it, and the signature (lib/signing); null for reports made before signatures. */
  signatureKeyId: string | null;
  signature: string | null;
  generationMs: number;
  figures: ProgrammeFigures;
}

export type ReportSummary = Omit<ProgrammeReport, 'figures'> & { connectedPct: number | null; facilities: number };

const COLUMNS = sql`id, scope_key AS "scopeKey", report_date::text AS "reportDate", cutoff_at AS "cutoffAt", generated_at AS "generatedAt",
  generated_by_name AS "generatedByName", content_hash AS "contentHash", signature_key_id AS "signatureKeyId", signature, generation_ms AS "generationMs"`;

/** What a report's hash and signature cover: its figures, in canonical form (keys sorted). */
export function programmeContentHash(figures: ProgrammeFigures): string {
  return contentHash(canonicalJson(figures));
}

/** The scope a report of `scopeKey` covers: one province, or every province. */
export function reportScope(scopeKey: string): Scope {
  return { provinceCode: scopeKey === NATIONAL_SCOPE ? null : scopeKey, agencyId: null };
}

/**
 * May this actor read a report of this scope? A report covers a whole province (or the country):
 * a provincial user reads their province's, a national one all. Telecom staff and an agency's
 * viewers see only their own facilities, so not a whole province's report.
 */
export function canReadScope(actor: Actor, scopeKey: string): boolean {
  const whole = actor.role !== 'telecom' && !(actor.role === 'agency_viewer' && actor.agencyKind !== 'information');
  return whole && (actor.provinceCode === null || actor.provinceCode === scopeKey);
}

/** The scope a user's own report is about when they do not say. */
export function defaultScopeKey(actor: Actor): string {
  return actor.provinceCode ?? NATIONAL_SCOPE;
}

export async function getReport(database: Database, id: string): Promise<ProgrammeReport | null> {
  const [row] = await database.rows<ProgrammeReport>(sql`SELECT ${COLUMNS}, figures FROM programme_reports WHERE id = ${id}`);
  return row ?? null;
}

async function findReport(database: Database, scopeKey: string, date: LocalDate): Promise<ProgrammeReport | null> {
  const [row] = await database.rows<ProgrammeReport>(sql`
    SELECT ${COLUMNS}, figures FROM programme_reports WHERE programme_id = ${PROGRAMME_ID} AND scope_key = ${scopeKey} AND report_date = ${date}`);
  return row ?? null;
}

export async function listReports(database: Database, scopeKeys: string[] | null, limit = 200): Promise<ReportSummary[]> {
  return database.rows<ReportSummary>(sql`
    SELECT ${COLUMNS}, (figures->'totals'->>'connectedPct')::float AS "connectedPct", (figures->'totals'->>'total')::int AS facilities
    FROM programme_reports
    WHERE programme_id = ${PROGRAMME_ID} ${scopeKeys ? sql`AND scope_key = ANY(${`{${scopeKeys.join(',')}}`}::text[])` : sql``}
    ORDER BY report_date DESC, scope_key
    LIMIT ${limit}`);
}

export interface GenerateOptions {
  scopeKey: string;
  date: LocalDate;
  /** Who asked; null for the schedule. */
  actor: (Actor & { displayName: string }) | null;
  ip?: string | null;
  now?: Date;
}

/**
 * The day's report for a scope, made once: the first call computes and freezes the figures;
 * every later call, here or on another instance, at the same moment or afterwards, gets that
 * same report. The figures describe the report time of that day, or the moment it was asked
 * for when that is earlier (an early report is the day's report: the schedule will not make
 * another). A day in the future cannot be reported.
 */
export async function generateReport(database: Database, options: GenerateOptions): Promise<{ report: ProgrammeReport; created: boolean }> {
  const now = options.now ?? new Date();
  const existing = await findReport(database, options.scopeKey, options.date);
  if (existing) return { report: existing, created: false };
  if (options.date > localDateOf(now)) throw new AppError('unprocessable', 'A day that has not begun cannot be reported', [{ path: 'body.date', message: 'in the future' }]);
  const programme = await getProgramme(database);
  const scheduled = localInstant(options.date, programme.reportMinute);
  const cutoff = new Date(Math.min(scheduled.getTime(), now.getTime()));
  // Instances asking for the same report wait for each other on a transaction lock, so the
  // figures are computed once; the unique key is the last word either way. Everything inside
  // runs on the transaction's one connection: waiting callers hold a connection each, and the
  // holder must not need another from the pool (with as many callers as connections, none is left).
  return database.db.transaction(async (tx) => {
    const view = inTransaction(database, tx);
    await tx.execute(sql`SELECT pg_advisory_xact_lock(${LOCK.reports}, hashtext(${`${options.scopeKey}|${options.date}`}))`);
    const again = await findReport(view, options.scopeKey, options.date);
    if (again) return { report: again, created: false };
    const started = performance.now();
    const figures = await computeFigures(view, reportScope(options.scopeKey), options.scopeKey, options.date, cutoff, programme.deadline);
    const ms = Math.round(performance.now() - started);
    const hash = programmeContentHash(figures);
    // The id is chosen here because the signature names it, and the row cannot change after insert.
    const id = randomUUID();
    const signed = sign(reportStatement('programme_report', id, hash));
    const inserted = rowsOf<ProgrammeReport>(await tx.execute(sql`
      INSERT INTO programme_reports (id, programme_id, scope_key, report_date, cutoff_at, generated_by, generated_by_name, figures, content_hash, signature_key_id, signature, generation_ms)
      VALUES (${id}, ${PROGRAMME_ID}, ${options.scopeKey}, ${options.date}, ${cutoff}, ${options.actor?.id ?? null}, ${options.actor?.displayName ?? null},
        ${JSON.stringify(figures)}::jsonb, ${hash}, ${signed.keyId}, ${signed.signature}, ${ms})
      ON CONFLICT (programme_id, scope_key, report_date) DO NOTHING
      RETURNING ${COLUMNS}, figures`));
    if (!inserted[0]) {
      const winner = await findReport(view, options.scopeKey, options.date);
      return { report: winner!, created: false };
    }
    await writeAudit(tx, {
      action: 'programme.report',
      actorId: options.actor?.id ?? null,
      actorName: options.actor?.displayName ?? null,
      targetType: 'programme_report',
      targetId: inserted[0].id,
      ip: options.ip ?? null,
      details: { scope: options.scopeKey, date: options.date, ms, contentHash: hash, keyId: signed.keyId },
    });
    return { report: inserted[0], created: true };
  });
}

/** The scopes reported every day: the national level and every province with an open facility. */
export async function reportScopes(database: Database): Promise<string[]> {
  const rows = await database.rows<{ code: string }>(sql`SELECT DISTINCT province_code AS code FROM quarantine_facilities WHERE closed_at IS NULL ORDER BY 1`);
  return [NATIONAL_SCOPE, ...rows.map((r) => r.code)];
}

/** How many days back the schedule makes reports it missed (the app was stopped at report time). */
const CATCH_UP_DAYS = 2;

/**
 * The daily report job: once the report time has passed, each scope's report of the day is made
 * (and of the days before, when the app was down at their report time; their figures are as of
 * that time, from the histories). Safe to run on every instance at once (generateReport).
 */
export async function runDailyReports(database: Database, now = new Date()): Promise<{ made: number }> {
  const programme = await getProgramme(database);
  const today = localDateOf(now);
  const scopes = await reportScopes(database);
  let made = 0;
  for (let back = CATCH_UP_DAYS; back >= 0; back--) {
    const date = addDays(today, -back);
    if (localInstant(date, programme.reportMinute).getTime() > now.getTime()) continue;
    const done = new Set((await database.rows<{ scope_key: string }>(sql`
      SELECT scope_key FROM programme_reports WHERE programme_id = ${PROGRAMME_ID} AND report_date = ${date}`)).map((r) => r.scope_key));
    for (const scopeKey of scopes) {
      if (done.has(scopeKey)) continue;
      const { created } = await generateReport(database, { scopeKey, date, actor: null, now });
      if (created) {
        made++;
        getLogger().info({ scope: scopeKey, date }, 'daily programme report made');
      }
    }
  }
  return { made };
}

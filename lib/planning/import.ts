import 'server-only';
import { sql } from 'drizzle-orm';
import { noteDatabaseWork } from '@/db/activity';
import { rowsOf, type Database, type Db } from '@/db/client';
import { PLAN_TABLES, getProvinceOfPoint, touchesVietNam } from '@/db/queries/plan-features';
import { readBodyBytes } from '@/lib/api/body';
import { AppError } from '@/lib/api/errors';
import { writeAudit } from '@/lib/audit';
import { can } from '@/lib/auth/permissions';
import { publishEvent } from '@/lib/events/bus';
import { checkImportFeatures, type CheckedImport, type FeatureError, type ImportBody } from '@/lib/planning/import-check';
import { checkImportInWorker, withImportSlot } from '@/lib/planning/import-worker';
import { PLAN_FIELDS, PLAN_WRITE_ACTION, type PlanLayer } from '@/lib/planning/layers';
import type { PlanActor } from '@/lib/planning/store';

export { attributesFromProperties, importBodySchema, MAX_IMPORT_FEATURES, type FeatureError } from '@/lib/planning/import-check';

/** Bytes of one import request (the browser sends the parsed features as JSON). */
export const MAX_IMPORT_BYTES = 48 * 1024 * 1024;

export interface ImportResult {
  total: number;
  valid: number;
  errors: FeatureError[];
  /** Ids created (empty on a dry run or when anything was refused). */
  created: string[];
}

type ImportContext = { actor: PlanActor; ip: string | null };

/**
 * An import request as the API receives it: one at a time per process (withImportSlot), the
 * body read up to MAX_IMPORT_BYTES and parsed and checked in a worker thread
 * (import-check.worker), then judged by PostGIS and stored here (storeCheckedImport).
 */
export async function importPlanRequest(database: Database, ctx: ImportContext, layer: PlanLayer, req: Request): Promise<ImportResult & { dryRun: boolean }> {
  return withImportSlot(async () => {
    const bytes = await readBodyBytes(req, MAX_IMPORT_BYTES);
    const checked = await checkImportInWorker(bytes, layer, ctx.actor.agencyId);
    return { ...(await storeCheckedImport(database, ctx, layer, checked)), dryRun: checked.dryRun };
  });
}

/** Imports already parsed features, checked on this thread (tests and the bench; the API uses importPlanRequest). */
export async function importPlanFeatures(database: Database, ctx: ImportContext, layer: PlanLayer, input: ImportBody): Promise<ImportResult> {
  return storeCheckedImport(database, ctx, layer, checkImportFeatures(layer, input, ctx.actor.agencyId));
}

/**
 * Stores an import whose features were checked (import-check): PostGIS's validity, Viet Nam
 * and the province of each, and only when all are good are they stored, in one transaction,
 * each as version 1. A dry run stops after the checks. Nothing is repaired silently: an
 * invalid shape is reported with its index and reason.
 */
export async function storeCheckedImport(database: Database, ctx: ImportContext, layer: PlanLayer, checked: CheckedImport): Promise<ImportResult> {
  const { rows } = checked;
  const errors = [...checked.errors];
  return database.db.transaction(async (tx) => {
    const verdicts = await judgeMany(tx, rows.map((r) => r.geometry));
    rows.forEach((row, i) => {
      const v = verdicts[i];
      const problems: FeatureError['problems'] = [];
      if (!v) problems.push({ code: 'geometry_check_failed' });
      else {
        if (!v.valid) problems.push({ code: 'self_intersection', detail: v.reason ?? undefined });
        if (!v.inVietNam) problems.push({ code: 'outside_viet_nam' });
        else if (!v.province) problems.push({ code: 'outside_provinces' });
        else if (ctx.actor.provinceCode && v.province !== ctx.actor.provinceCode) problems.push({ code: 'outside_your_province' });
        else if (!can(ctx.actor, PLAN_WRITE_ACTION[layer], { provinceCode: v.province, agencyId: row.attributes.agencyId })) problems.push({ code: 'forbidden' });
      }
      if (problems.length) errors.push({ index: row.index, problems });
    });
    errors.sort((a, b) => a.index - b.index);
    const result: ImportResult = { total: checked.total, valid: checked.total - errors.length, errors, created: [] };
    if (checked.dryRun || errors.length) return result;

    const { table, kindType } = PLAN_TABLES[layer];
    for (let start = 0; start < rows.length; start += CHUNK) {
      await letOthersIn();
      const chunk = rows.slice(start, start + CHUNK).map((r, i) => ({ ...r.attributes, geometry: r.geometry, province: verdicts[start + i]!.province }));
      const created = rowsOf<{ id: string }>(
        await tx.execute(sql`
          INSERT INTO ${table} (name, name_en, kind, severity, description, agency_id, province_code, geom, version, updated_by, updated_by_name)
          SELECT e->>'name', e->>'nameEn', (e->>'kind')::${kindType}, e->>'severity', e->>'notes', e->>'agencyId', e->>'province',
            ST_SetSRID(ST_GeomFromGeoJSON(e->>'geometry'), 4326), 1, ${ctx.actor.id}, ${ctx.actor.displayName}
          FROM jsonb_array_elements(${JSON.stringify(chunk)}::jsonb) WITH ORDINALITY AS t(e, n)
          ORDER BY n
          RETURNING id`),
      );
      if (created.length !== chunk.length) throw new AppError('internal', 'The import was not stored completely; nothing was kept');
      const ids = created.map((c) => c.id);
      await tx.execute(sql`
        INSERT INTO plan_versions (layer, object_id, version, action, changed_by, changed_by_name, changed_fields, attributes, geom, province_code, agency_id)
        SELECT ${layer}, x.id, 1, 'import', ${ctx.actor.id}, ${ctx.actor.displayName}, ${JSON.stringify(['geometry', ...PLAN_FIELDS])}::jsonb,
          json_build_object('name', x.name, 'nameEn', x.name_en, 'kind', x.kind, 'severity', x.severity, 'notes', x.description, 'agencyId', x.agency_id)::jsonb,
          x.geom, x.province_code, x.agency_id
        FROM ${table} x WHERE x.id = ANY(${`{${ids.join(',')}}`}::uuid[])`);
      result.created.push(...ids);
    }
    const provinces = [...new Set(verdicts.map((v) => v!.province!))];
    await writeAudit(tx, {
      action: 'plan.import',
      actorId: ctx.actor.id,
      actorName: ctx.actor.displayName,
      targetType: layer,
      ip: ctx.ip,
      details: { count: result.created.length, provinces },
    });
    for (const provinceCode of provinces) {
      await publishEvent(tx, {
        topic: 'plan',
        layer,
        objectId: result.created[0]!,
        version: 1,
        change: 'imported',
        name: '',
        byName: ctx.actor.displayName,
        count: verdicts.filter((v) => v?.province === provinceCode).length,
        provinceCode,
        agencyId: ctx.actor.agencyId,
      });
    }
    return result;
  });
}

/**
 * Rows per statement. The embedded engine runs each statement on the server's own thread (it is
 * WebAssembly in this process): a statement over a hundred shapes takes about a tenth of a
 * second, so other requests (a health check, a page) are answered between two of them.
 */
const CHUNK = 100;

/**
 * Lets the event loop serve what is waiting before the next statement. Without it the
 * statements follow each other in promise callbacks alone, and nothing else runs until the
 * whole import is done (measured: /api/health p50 11 s during a 30 MB import). It also tells the
 * health check that the database, busy with the import, is working.
 */
function letOthersIn(): Promise<void> {
  noteDatabaseWork();
  return new Promise((resolve) => setImmediate(resolve));
}

interface Verdict {
  valid: boolean;
  reason: string | null;
  province: string | null;
  inVietNam: boolean;
}

/**
 * PostGIS's validity and the province of many geometries in one statement per thousand. A
 * geometry whose row does not come back (a GEOS failure on the embedded engine ends a
 * statement without rows) is left undefined, which the caller reports as not checked.
 */
async function judgeMany(tx: Db, geometries: string[]): Promise<(Verdict | undefined)[]> {
  const out: (Verdict | undefined)[] = new Array(geometries.length);
  for (let start = 0; start < geometries.length; start += CHUNK) {
    await letOthersIn();
    const chunk = geometries.slice(start, start + CHUNK);
    const rows = rowsOf<{ n: number; valid: boolean | null; reason: string | null; province: string | null; in_viet_nam: boolean | null }>(
      await tx.execute(sql`
        WITH i AS (
          SELECT n, ST_SetSRID(ST_GeomFromGeoJSON(e #>> '{}'), 4326) AS g
          FROM jsonb_array_elements(${JSON.stringify(chunk)}::jsonb) WITH ORDINALITY AS t(e, n))
        SELECT n::int AS n, ST_IsValid(g) AS valid, CASE WHEN ST_IsValid(g) THEN NULL ELSE ST_IsValidReason(g) END AS reason,
          ${getProvinceOfPoint(sql`ST_PointOnSurface(g)`)} AS province, ${touchesVietNam(sql`g`)} AS in_viet_nam
        FROM i ORDER BY n`),
    );
    for (const r of rows) {
      if (r.valid === null || r.in_viet_nam === null) continue;
      out[start + Number(r.n) - 1] = { valid: r.valid, reason: r.reason, province: r.province, inVietNam: r.in_viet_nam };
    }
  }
  return out;
}

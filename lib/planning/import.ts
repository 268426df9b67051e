import 'server-only';
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { rowsOf, type Database, type Db } from '@/db/client';
import { PLAN_TABLES, provinceOfPoint } from '@/db/queries/plan-features';
import { AppError } from '@/lib/api/errors';
import { writeAudit } from '@/lib/audit';
import { can } from '@/lib/auth/permissions';
import { publishEvent } from '@/lib/events/bus';
import { checkPlanGeometry, FEATURE_READ_PROBLEMS, type GeometryProblem } from '@/lib/planning/geometry-check';
import { DEFAULT_KIND, PLAN_FIELDS, PLAN_WRITE_ACTION, planAttributesSchema, type PlanAttributes, type PlanLayer } from '@/lib/planning/layers';
import type { PlanActor } from '@/lib/planning/store';

/** Features in one import: a whole province's posts or sectors fit many times over. */
export const MAX_IMPORT_FEATURES = 50_000;
/** Bytes of one import request (the browser sends the parsed features as JSON). */
export const MAX_IMPORT_BYTES = 48 * 1024 * 1024;

export const importBodySchema = z
  .object({
    features: z
      .array(
        z.object({
          properties: z.record(z.string(), z.unknown()).nullish(),
          geometry: z.unknown(),
          /** Problems the file reader found (lib/planning/read-file): they refuse the feature. */
          problems: z
            .array(z.object({ code: z.enum(FEATURE_READ_PROBLEMS), at: z.tuple([z.number(), z.number()]).optional(), detail: z.string().max(200).optional() }))
            .max(20)
            .optional(),
        }),
      )
      .min(1, 'the file has no features')
      .max(MAX_IMPORT_FEATURES, `at most ${MAX_IMPORT_FEATURES} features per import`),
    dryRun: z.boolean().default(false),
  })
  .strict();

export interface FeatureError {
  index: number;
  /** Geometry problem codes or attribute messages. */
  problems: { code: string; field?: string; at?: [number, number]; detail?: string }[];
}

export interface ImportResult {
  total: number;
  valid: number;
  errors: FeatureError[];
  /** Ids created (empty on a dry run or when anything was refused). */
  created: string[];
}

const pick = (p: Record<string, unknown>, keys: string[]): string | undefined => {
  for (const k of keys) {
    const v = p[k];
    if (typeof v === 'string' && v.trim()) return v;
    if (typeof v === 'number') return String(v);
  }
  return undefined;
};

/** Reads our attributes from a feature's properties (ours, QGIS's usual names, KML's name/description). */
export function attributesFromProperties(layer: PlanLayer, properties: Record<string, unknown> | null | undefined, agencyId: string) {
  const p = properties ?? {};
  // A kind or severity the file names must be one of ours (reported otherwise); none means the default.
  return planAttributesSchema(layer).safeParse({
    name: pick(p, ['name', 'Name', 'NAME', 'ten', 'tên', 'title']) ?? '',
    nameEn: pick(p, ['nameEn', 'name_en']) ?? null,
    kind: pick(p, ['kind', 'loai']) ?? DEFAULT_KIND[layer],
    severity: pick(p, ['severity', 'muc_do']) ?? 'medium',
    notes: (pick(p, ['notes', 'description', 'Description', 'ghi_chu']) ?? '').slice(0, 2000) || null,
    agencyId,
  });
}

/**
 * Imports features into a layer: every feature is checked (attributes, structure, PostGIS
 * validity, province), and only when all are good are they stored, in one transaction, each
 * as version 1. A dry run stops after the checks. Nothing is repaired silently: an invalid
 * shape is reported with its index and reason.
 */
export async function importPlanFeatures(
  database: Database,
  ctx: { actor: PlanActor; ip: string | null },
  layer: PlanLayer,
  input: z.infer<typeof importBodySchema>,
): Promise<ImportResult> {
  const errors: FeatureError[] = [];
  const rows: { index: number; attributes: PlanAttributes; geometry: unknown }[] = [];
  input.features.forEach((f, index) => {
    const problems: FeatureError['problems'] = [];
    const attributes = attributesFromProperties(layer, f.properties, ctx.actor.agencyId);
    if (!attributes.success) for (const issue of attributes.error.issues) problems.push({ code: 'attribute', field: issue.path.join('.'), detail: issue.message });
    if (f.problems?.length) {
      // The reader's finding is the cause (a raised or truncated shape); the shape's own checks would only echo it.
      problems.push(...f.problems.map(geometryProblem));
      errors.push({ index, problems });
      return;
    }
    const checked = checkPlanGeometry(layer, f.geometry);
    if (!checked.ok) problems.push(...checked.problems.map(geometryProblem));
    if (problems.length) errors.push({ index, problems });
    else if (attributes.success && checked.ok) rows.push({ index, attributes: attributes.data as PlanAttributes, geometry: checked.value.geometry });
  });

  return database.db.transaction(async (tx) => {
    const verdicts = await judgeMany(tx, rows.map((r) => r.geometry));
    rows.forEach((row, i) => {
      const v = verdicts[i];
      const problems: FeatureError['problems'] = [];
      if (!v) problems.push({ code: 'geometry_check_failed' });
      else {
        if (!v.valid) problems.push({ code: 'self_intersection', detail: v.reason ?? undefined });
        if (!v.province) problems.push({ code: 'outside_provinces' });
        else if (ctx.actor.provinceCode && v.province !== ctx.actor.provinceCode) problems.push({ code: 'outside_your_province' });
        else if (!can(ctx.actor, PLAN_WRITE_ACTION[layer], { provinceCode: v.province, agencyId: row.attributes.agencyId })) problems.push({ code: 'forbidden' });
      }
      if (problems.length) errors.push({ index: row.index, problems });
    });
    errors.sort((a, b) => a.index - b.index);
    const result: ImportResult = { total: input.features.length, valid: input.features.length - errors.length, errors, created: [] };
    if (input.dryRun || errors.length) return result;

    const { table, kindType } = PLAN_TABLES[layer];
    const CHUNK = 1000;
    for (let start = 0; start < rows.length; start += CHUNK) {
      const chunk = rows.slice(start, start + CHUNK).map((r, i) => ({ ...r.attributes, geometry: r.geometry, province: verdicts[start + i]!.province }));
      const created = rowsOf<{ id: string }>(
        await tx.execute(sql`
          INSERT INTO ${table} (name, name_en, kind, severity, description, agency_id, province_code, geom, version, updated_by, updated_by_name)
          SELECT e->>'name', e->>'nameEn', (e->>'kind')::${kindType}, e->>'severity', e->>'notes', e->>'agencyId', e->>'province',
            ST_SetSRID(ST_GeomFromGeoJSON(e->>'geometry'), 4326), 1, ${ctx.actor.id}, ${ctx.actor.displayName}
          FROM jsonb_array_elements(${JSON.stringify(chunk.map((c) => ({ ...c, geometry: JSON.stringify(c.geometry) })))}::jsonb) WITH ORDINALITY AS t(e, n)
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

interface Verdict {
  valid: boolean;
  reason: string | null;
  province: string | null;
}

/**
 * PostGIS's validity and the province of many geometries in one statement per thousand. A
 * geometry whose row does not come back (a GEOS failure on the embedded engine ends a
 * statement without rows) is left undefined, which the caller reports as not checked.
 */
async function judgeMany(tx: Db, geometries: unknown[]): Promise<(Verdict | undefined)[]> {
  const out: (Verdict | undefined)[] = new Array(geometries.length);
  const CHUNK = 1000;
  for (let start = 0; start < geometries.length; start += CHUNK) {
    const chunk = geometries.slice(start, start + CHUNK).map((g) => JSON.stringify(g));
    const rows = rowsOf<{ n: number; valid: boolean | null; reason: string | null; province: string | null }>(
      await tx.execute(sql`
        WITH i AS (
          SELECT n, ST_SetSRID(ST_GeomFromGeoJSON(e #>> '{}'), 4326) AS g
          FROM jsonb_array_elements(${JSON.stringify(chunk)}::jsonb) WITH ORDINALITY AS t(e, n))
        SELECT n::int AS n, ST_IsValid(g) AS valid, CASE WHEN ST_IsValid(g) THEN NULL ELSE ST_IsValidReason(g) END AS reason,
          ${provinceOfPoint(sql`ST_PointOnSurface(g)`)} AS province
        FROM i ORDER BY n`),
    );
    for (const r of rows) {
      if (r.valid === null) continue;
      out[start + Number(r.n) - 1] = { valid: r.valid, reason: r.reason, province: r.province };
    }
  }
  return out;
}

function geometryProblem(p: GeometryProblem): FeatureError['problems'][number] {
  return { code: p.code, ...(p.at ? { at: p.at } : {}), ...(p.detail ? { detail: p.detail } : {}) };
}

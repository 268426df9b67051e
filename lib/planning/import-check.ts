// The CPU-heavy, pure half of a planning import: the request body parsed and validated, each
// feature's attributes read and its shape checked (geometry-check). It runs in a worker thread
// (import-check.worker.ts, started by import-worker.ts) so that the server's event loop keeps
// answering while a 30 MB file is checked; PostGIS's checks and the writes stay with the
// caller (lib/planning/import). Nothing here may import server-only modules.
import { z } from 'zod';
import { checkPlanGeometry, FEATURE_READ_PROBLEMS, type GeometryProblem } from '@/lib/planning/geometry-check';
import { DEFAULT_KIND, planAttributesSchema, type PlanAttributes, type PlanLayer } from '@/lib/planning/layers';

/** Features in one import: a whole province's posts or sectors fit many times over. */
export const MAX_IMPORT_FEATURES = 50_000;

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

export type ImportBody = z.infer<typeof importBodySchema>;

export interface FeatureError {
  index: number;
  /** Geometry problem codes or attribute messages. */
  problems: { code: string; field?: string; at?: [number, number]; detail?: string }[];
}

/** A feature that passed the checks here, its shape as GeoJSON text (what PostGIS is sent). */
export interface CheckedRow {
  index: number;
  attributes: PlanAttributes;
  geometry: string;
}

export interface CheckedImport {
  total: number;
  dryRun: boolean;
  rows: CheckedRow[];
  errors: FeatureError[];
}

/** Why a body was refused before any feature was checked (a 400). */
export interface RefusedBody {
  message: string;
  issues?: { path: string; message: string }[];
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

/** Each feature's attributes and shape checked; what passes is left for PostGIS (judgeMany). */
export function checkImportFeatures(layer: PlanLayer, input: ImportBody, agencyId: string): CheckedImport {
  const errors: FeatureError[] = [];
  const rows: CheckedRow[] = [];
  input.features.forEach((f, index) => {
    const problems: FeatureError['problems'] = [];
    const attributes = attributesFromProperties(layer, f.properties, agencyId);
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
    else if (attributes.success && checked.ok) rows.push({ index, attributes: attributes.data as PlanAttributes, geometry: JSON.stringify(checked.value.geometry) });
  });
  return { total: input.features.length, dryRun: input.dryRun, rows, errors };
}

/** The request body (UTF-8 JSON bytes) parsed, validated and checked: what the worker does. */
export function checkImportBody(bytes: Uint8Array, layer: PlanLayer, agencyId: string): { ok: true; checked: CheckedImport } | { ok: false; refused: RefusedBody } {
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    return { ok: false, refused: { message: 'Body is not valid JSON' } };
  }
  const parsed = importBodySchema.safeParse(json);
  if (!parsed.success) {
    return { ok: false, refused: { message: 'Invalid body', issues: parsed.error.issues.slice(0, 100).map((i) => ({ path: ['body', ...i.path].join('.'), message: i.message })) } };
  }
  return { ok: true, checked: checkImportFeatures(layer, parsed.data, agencyId) };
}

export function geometryProblem(p: GeometryProblem): FeatureError['problems'][number] {
  return { code: p.code, ...(p.at ? { at: p.at } : {}), ...(p.detail ? { detail: p.detail } : {}) };
}

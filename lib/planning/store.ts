import 'server-only';
import { sql } from 'drizzle-orm';
import { rowsOf, type Database, type Db } from '@/db/client';
import { geometryToStore } from '@/lib/planning/geometry-verdict';
import { getPlanFeature, getPlanVersion, getPlaceOf, PLAN_TABLES, type PlanFeatureRow } from '@/db/queries/plan-features';
import { AppError } from '@/lib/api/errors';
import { writeAudit } from '@/lib/audit';
import { can, type Actor } from '@/lib/auth/permissions';
import { publishEvent } from '@/lib/events/bus';
import type { PlanEvent } from '@/lib/events/types';
import { PLAN_FIELDS, PLAN_WRITE_ACTION, type PlanAttributes, type PlanAttributesPatch, type PlanLayer } from '@/lib/planning/layers';

export interface PlanActor extends Actor {
  displayName: string;
}

type Geometry = { type: string; coordinates: unknown };

export interface SaveContext {
  actor: PlanActor;
  ip: string | null;
}

/** Creates a drawn object as version 1. */
export async function createPlanFeature(
  database: Database,
  ctx: SaveContext,
  layer: PlanLayer,
  input: { attributes: PlanAttributes; geometry: unknown; acceptRepair?: boolean },
): Promise<PlanFeatureRow> {
  return database.db.transaction(async (tx) => {
    const geometry = await geometryToStore(tx, layer, input.geometry, input.acceptRepair ?? false);
    const provinceCode = await provinceOf(tx, ctx.actor, geometry);
    const attributes = await ownedAttributes(tx, input.attributes, ctx.actor.agencyId);
    if (!can(ctx.actor, PLAN_WRITE_ACTION[layer], { provinceCode, agencyId: attributes.agencyId })) throw new AppError('forbidden', 'Not yours to draw');
    const { table, kindType } = PLAN_TABLES[layer];
    const [row] = rowsOf<{ id: string }>(
      await tx.execute(sql`
        INSERT INTO ${table} (name, name_en, kind, severity, description, agency_id, province_code, geom, version, updated_by, updated_by_name)
        VALUES (${attributes.name}, ${attributes.nameEn ?? null}, ${attributes.kind}::${kindType}, ${attributes.severity}, ${attributes.notes ?? null},
          ${attributes.agencyId ?? null}, ${provinceCode}, ST_SetSRID(ST_GeomFromGeoJSON(${JSON.stringify(geometry)}), 4326), 1,
          ${ctx.actor.id}, ${ctx.actor.displayName})
        RETURNING id`),
    );
    const id = row!.id;
    await recordVersion(tx, ctx, layer, id, 1, 'create', ['geometry', ...PLAN_FIELDS], attributes, geometry, provinceCode);
    await announce(tx, ctx, layer, id, 1, 'created', attributes.name, provinceCode, attributes.agencyId ?? null, { action: 'plan.create' });
    return (await getPlanFeature(tx, layer, id))!;
  });
}

/**
 * Saves a change as a new version. The caller names the version it edited: when someone saved
 * since, nothing is written and the 409 says who and when (never a silent overwrite).
 */
export async function updatePlanFeature(
  database: Database,
  ctx: SaveContext,
  layer: PlanLayer,
  id: string,
  input: { baseVersion: number; attributes?: PlanAttributesPatch; geometry?: unknown; acceptRepair?: boolean },
  action: 'update' | 'restore' = 'update',
): Promise<PlanFeatureRow> {
  return database.db.transaction(async (tx) => {
    const current = await lockedFeature(tx, ctx.actor, layer, id, input.baseVersion);
    const geometry = input.geometry === undefined ? current.geometry : await geometryToStore(tx, layer, input.geometry, input.acceptRepair ?? false);
    // A moved shape must stay in Viet Nam and in the object's province.
    if (input.geometry !== undefined) {
      const place = await getPlaceOf(tx, geometry);
      if (!place.inVietNam) throw outsideVietNam();
      if (place.province !== current.provinceCode) {
        throw new AppError('unprocessable', "The shape lies outside the object's province", [{ path: 'geometry', message: 'outside_your_province' }]);
      }
    }
    // Fields left out keep their values; the owning agency changes only when asked.
    const attributes = input.attributes ? await ownedAttributes(tx, { ...current.attributes, ...definedOnly(input.attributes) }, current.agencyId ?? ctx.actor.agencyId) : current.attributes;
    if (!can(ctx.actor, PLAN_WRITE_ACTION[layer], { provinceCode: current.provinceCode, agencyId: attributes.agencyId })) {
      throw new AppError('forbidden', 'Not yours to edit');
    }
    const changed = changedFields(current, attributes, geometry);
    // Restoring un-retires even when the shape and attributes are the same.
    if (changed.length === 0 && !(action === 'restore' && current.retiredAt)) return current;
    const version = current.version + 1;
    const { table, kindType } = PLAN_TABLES[layer];
    await tx.execute(sql`
      UPDATE ${table} SET name = ${attributes.name}, name_en = ${attributes.nameEn ?? null}, kind = ${attributes.kind}::${kindType},
        severity = ${attributes.severity}, description = ${attributes.notes ?? null}, agency_id = ${attributes.agencyId ?? null},
        geom = ST_SetSRID(ST_GeomFromGeoJSON(${JSON.stringify(geometry)}), 4326),
        version = ${version}, updated_at = now(), updated_by = ${ctx.actor.id}, updated_by_name = ${ctx.actor.displayName}, retired_at = NULL
      WHERE id = ${id}`);
    await recordVersion(tx, ctx, layer, id, version, action, changed, attributes, geometry, current.provinceCode);
    await announce(tx, ctx, layer, id, version, action === 'restore' ? 'restored' : 'updated', attributes.name, current.provinceCode, attributes.agencyId ?? null, {
      action: `plan.${action}`,
      changed,
    });
    return (await getPlanFeature(tx, layer, id))!;
  });
}

/** Retires an object (it leaves the map; its history stays and can be restored). */
export async function retirePlanFeature(database: Database, ctx: SaveContext, layer: PlanLayer, id: string, baseVersion: number): Promise<PlanFeatureRow> {
  return database.db.transaction(async (tx) => {
    const current = await lockedFeature(tx, ctx.actor, layer, id, baseVersion);
    if (current.retiredAt) return current;
    const version = current.version + 1;
    const { table } = PLAN_TABLES[layer];
    await tx.execute(sql`
      UPDATE ${table} SET version = ${version}, retired_at = now(), updated_at = now(), updated_by = ${ctx.actor.id}, updated_by_name = ${ctx.actor.displayName}
      WHERE id = ${id}`);
    await recordVersion(tx, ctx, layer, id, version, 'retire', ['retired'], current.attributes, current.geometry, current.provinceCode);
    await announce(tx, ctx, layer, id, version, 'retired', current.attributes.name, current.provinceCode, current.agencyId, { action: 'plan.retire' });
    return (await getPlanFeature(tx, layer, id))!;
  });
}

/** Makes an old version current again, as a new version (history is never rewritten). */
export async function restorePlanVersion(database: Database, ctx: SaveContext, layer: PlanLayer, id: string, version: number, baseVersion: number): Promise<PlanFeatureRow> {
  const old = await getPlanVersion(database.db, layer, id, version);
  if (!old) throw new AppError('not_found', 'No such version');
  return updatePlanFeature(database, ctx, layer, id, { baseVersion, attributes: old.attributes, geometry: old.geometry }, 'restore');
}

async function lockedFeature(tx: Db, actor: PlanActor, layer: PlanLayer, id: string, baseVersion: number): Promise<PlanFeatureRow> {
  const current = await getPlanFeature(tx, layer, id, { forUpdate: true });
  // Outside the actor's scope an object does not exist for them.
  if (!current || !can(actor, 'layer:read', { provinceCode: current.provinceCode, agencyId: current.agencyId })) throw new AppError('not_found', `No such ${layer.slice(0, -1)}`);
  if (!can(actor, PLAN_WRITE_ACTION[layer], { provinceCode: current.provinceCode, agencyId: current.agencyId })) throw new AppError('forbidden', 'Not yours to edit');
  if (current.version !== baseVersion) {
    throw new AppError('conflict', `Changed by ${current.updatedByName ?? 'someone else'} since you opened it`, undefined, {
      reason: 'version',
      version: current.version,
      updatedBy: current.updatedByName,
      updatedAt: current.updatedAt,
    });
  }
  return current;
}

/**
 * The province a shape belongs to: the one it lies in (or the nearest within 20 km). It must
 * touch Viet Nam (crossing the line is fine), and a provincial planner draws only in their own
 * province.
 */
async function provinceOf(tx: Db, actor: PlanActor, geometry: Geometry): Promise<string> {
  const { province: located, inVietNam } = await getPlaceOf(tx, geometry);
  if (!inVietNam) throw outsideVietNam();
  if (!located) throw new AppError('unprocessable', 'The shape lies in no province', [{ path: 'geometry', message: 'outside_provinces' }]);
  if (actor.provinceCode && located !== actor.provinceCode) {
    throw new AppError('unprocessable', 'The shape lies outside your province', [{ path: 'geometry', message: 'outside_your_province' }]);
  }
  return located;
}

function outsideVietNam(): AppError {
  return new AppError('unprocessable', "The shape does not touch Viet Nam's territory", [{ path: 'geometry', message: 'outside_viet_nam' }]);
}

function definedOnly<T extends object>(patch: T): Partial<T> {
  return Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** The owning agency must exist; without one, `fallbackAgency` owns it (the planner's on creation, the current one on edits). */
async function ownedAttributes(tx: Db, attributes: PlanAttributes, fallbackAgency: string): Promise<PlanAttributes> {
  const agencyId = attributes.agencyId ?? fallbackAgency;
  const [agency] = rowsOf<{ id: string }>(await tx.execute(sql`SELECT id FROM agencies WHERE id = ${agencyId}`));
  if (!agency) throw new AppError('bad_request', 'Unknown agency', [{ path: 'attributes.agencyId', message: 'unknown agency' }]);
  return { ...attributes, nameEn: attributes.nameEn || null, notes: attributes.notes || null, agencyId };
}

function changedFields(current: PlanFeatureRow, attributes: PlanAttributes, geometry: Geometry): string[] {
  const changed: string[] = PLAN_FIELDS.filter((f) => (current.attributes[f] ?? null) !== (attributes[f] ?? null));
  if (!sameGeometry(current.geometry, geometry)) changed.unshift('geometry');
  return changed;
}

/** Equal to the stored precision (7 decimals, ~1 cm): a re-sent shape is not a change. */
function sameGeometry(a: Geometry, b: Geometry): boolean {
  const round = (v: unknown): unknown => (Array.isArray(v) ? v.map(round) : typeof v === 'number' ? Math.round(v * 1e7) : v);
  const norm = (g: Geometry) => JSON.stringify([g.type === 'Polygon' ? 'MultiPolygon' : g.type, round(g.type === 'Polygon' ? [g.coordinates] : g.coordinates)]);
  return norm(a) === norm(b);
}

export async function recordVersion(
  tx: Db,
  ctx: SaveContext,
  layer: PlanLayer,
  id: string,
  version: number,
  action: string,
  changed: string[],
  attributes: PlanAttributes,
  geometry: Geometry,
  provinceCode: string,
): Promise<void> {
  await tx.execute(sql`
    INSERT INTO plan_versions (layer, object_id, version, action, changed_by, changed_by_name, changed_fields, attributes, geom, province_code, agency_id)
    VALUES (${layer}, ${id}, ${version}, ${action}, ${ctx.actor.id}, ${ctx.actor.displayName}, ${JSON.stringify(changed)}::jsonb,
      ${JSON.stringify(attributes)}::jsonb, ST_SetSRID(ST_GeomFromGeoJSON(${JSON.stringify(geometry)}), 4326), ${provinceCode}, ${attributes.agencyId ?? null})`);
}

async function announce(
  tx: Db,
  ctx: SaveContext,
  layer: PlanLayer,
  id: string,
  version: number,
  change: PlanEvent['change'],
  name: string,
  provinceCode: string,
  agencyId: string | null,
  audit: { action: string; changed?: string[] },
): Promise<void> {
  await writeAudit(tx, {
    action: audit.action,
    actorId: ctx.actor.id,
    actorName: ctx.actor.displayName,
    targetType: layer,
    targetId: id,
    ip: ctx.ip,
    details: { version, name, ...(audit.changed ? { changed: audit.changed } : {}) },
  });
  await publishEvent(tx, { topic: 'plan', layer, objectId: id, version, change, name, byName: ctx.actor.displayName, count: 1, provinceCode, agencyId });
}

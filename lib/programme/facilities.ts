import 'server-only';
import { sql } from 'drizzle-orm';
import { rowsOf, type Database, type Db } from '@/db/client';
import type { FacilityStage, FacilityStatus } from '@/lib/domain/facilities';
import { publishAlertChanges, recordTransitions } from '@/lib/alerts/announce';
import { AppError } from '@/lib/api/errors';
import { writeAudit } from '@/lib/audit';
import { can, scopeFor, type Action, type Actor } from '@/lib/auth/permissions';
import { publishEvent } from '@/lib/events/bus';
import type { FacilityEvent } from '@/lib/events/types';
import { reconcileFacilities } from '@/lib/programme/reconcile';
import type { ContactInput, FacilityCreate, FacilityPatch, PlanInput, SurveyInput } from '@/lib/programme/schemas';
import { STEPS, stepAllowed, type StepKind } from '@/lib/programme/status';

export interface ProgrammeActor extends Actor {
  displayName: string;
}

export interface WriteContext {
  actor: ProgrammeActor;
  ip: string | null;
}

/** What scope checks and events need of a facility. */
interface FacilityOwner {
  id: string;
  name: string;
  provinceCode: string;
  agencyId: string | null;
  telecomAgencyId: string | null;
  stage: FacilityStage;
  status: FacilityStatus;
  version: number;
  closedAt: string | null;
}

async function lockFacility(tx: Db, id: string): Promise<FacilityOwner | null> {
  const [row] = rowsOf<FacilityOwner>(
    await tx.execute(sql`
      SELECT id, name, province_code AS "provinceCode", agency_id AS "agencyId", telecom_agency_id AS "telecomAgencyId",
        stage, status, version, closed_at AS "closedAt"
      FROM quarantine_facilities WHERE id = ${id} FOR UPDATE`),
  );
  return row ?? null;
}

/**
 * The facility, locked, when this actor may do `action` on it. Outside their scope it does not
 * exist for them (404, never a hint that it does), and the attempt is audited: an id from
 * another province or company is either a guess or a stale link, and both are worth knowing.
 */
export async function facilityInScope(tx: Db, ctx: WriteContext, id: string, action: Action): Promise<FacilityOwner> {
  const facility = await lockFacility(tx, id);
  if (facility && can(ctx.actor, action, facility)) return facility;
  if (facility && can(ctx.actor, 'facility:read', facility)) throw new AppError('forbidden', `Your role may not ${action} on this facility`);
  if (facility) throw new OutOfScope(id, action);
  throw new AppError('not_found', 'No such facility');
}

/** A 404 that must also be audited, once the transaction that found it has rolled back. */
class OutOfScope extends AppError {
  constructor(
    readonly facilityId: string,
    readonly attempted: Action,
  ) {
    super('not_found', 'No such facility');
  }
}

/**
 * Runs a change to a facility in a transaction; an attempt on a facility outside the actor's
 * scope is audited after that transaction has rolled back (written inside it, the entry would
 * roll back with it; written beside it, the embedded engine's one connection would wait on itself).
 */
async function changeFacility<T>(database: Database, ctx: WriteContext, fn: (tx: Db) => Promise<T>): Promise<T> {
  try {
    return await database.db.transaction(fn);
  } catch (err) {
    if (err instanceof OutOfScope) await auditDenied(database.db, ctx, err.facilityId, err.attempted);
    throw err;
  }
}

/** Records a look at a facility outside one's scope. */
export async function auditDenied(db: Db, ctx: WriteContext, id: string, action: Action): Promise<void> {
  await writeAudit(db, { action: 'facility.denied', actorId: ctx.actor.id, actorName: ctx.actor.displayName, targetType: 'facility', targetId: id, ip: ctx.ip, details: { attempted: action } });
}

async function announce(tx: Db, id: string, change: FacilityEvent['change']): Promise<void> {
  const [f] = rowsOf<{ name: string; status: FacilityStatus; province_code: string; agency_id: string | null; telecom_agency_id: string | null }>(
    await tx.execute(sql`SELECT name, status, province_code, agency_id, telecom_agency_id FROM quarantine_facilities WHERE id = ${id}`),
  );
  if (!f) return;
  await publishEvent(tx, { topic: 'facility', facilityId: id, change, status: f.status, name: f.name, provinceCode: f.province_code, agencyId: f.agency_id, telecomAgencyId: f.telecom_agency_id });
}

async function recordEvent(tx: Db, ctx: WriteContext, facilityId: string, kind: string, details: Record<string, unknown>, status?: { from: string | null; to: string }) {
  await tx.execute(sql`
    INSERT INTO facility_events (facility_id, kind, actor_id, actor_name, from_status, to_status, details)
    VALUES (${facilityId}, ${kind}, ${ctx.actor.id}, ${ctx.actor.displayName}, ${status?.from ?? null}, ${status?.to ?? null}, ${JSON.stringify(details)}::jsonb)`);
}

/** An agency must exist, be of the right kind, and serve the facility's province (or be national). */
async function checkAgency(tx: Db, id: string | null | undefined, provinceCode: string, field: string, kind?: 'telecom'): Promise<void> {
  if (!id) return;
  const [row] = rowsOf<{ kind: string; province_code: string | null }>(await tx.execute(sql`SELECT kind, province_code FROM agencies WHERE id = ${id}`));
  if (!row) throw new AppError('unprocessable', `Unknown agency: ${id}`, [{ path: `body.${field}`, message: 'no such agency' }]);
  if (kind && row.kind !== kind) throw new AppError('unprocessable', `${id} is not a telecom company`, [{ path: `body.${field}`, message: 'must be a telecom company' }]);
  if (row.province_code && row.province_code !== provinceCode) throw new AppError('unprocessable', `${id} does not serve ${provinceCode}`, [{ path: `body.${field}`, message: 'agency of another province' }]);
}

/**
 * Where a facility may be: within its province where the province's boundary is known (2 km of
 * tolerance for positions read off a map); elsewhere the province is taken as given.
 */
async function checkPosition(tx: Db, provinceCode: string, position: { longitude: number; latitude: number }): Promise<void> {
  const [row] = rowsOf<{ known: boolean; inside: boolean }>(
    await tx.execute(sql`
      SELECT count(*) > 0 AS known,
        coalesce(bool_or(ST_DWithin(a.geom::geography, ST_SetSRID(ST_MakePoint(${position.longitude}, ${position.latitude}), 4326)::geography, 2000)), false) AS inside
      FROM admin_areas a WHERE a.admin_level = 4 AND a.code = ${provinceCode}`),
  );
  if (row?.known && !row.inside) throw new AppError('unprocessable', `The position is outside ${provinceCode}`, [{ path: 'body.position', message: 'outside the province' }], { code: 'outside_province' });
}

/** The province a new facility belongs to: the actor's own, or for a national actor the one named. */
function provinceFor(actor: Actor, requested: string | undefined): string {
  if (actor.provinceCode) {
    if (requested && requested !== actor.provinceCode) throw new AppError('unprocessable', 'You can register facilities only in your province', [{ path: 'body.provinceCode', message: 'outside your province' }], { code: 'outside_your_province' });
    return actor.provinceCode;
  }
  if (!requested) throw new AppError('bad_request', 'Name the province', [{ path: 'body.provinceCode', message: 'required at the national level' }]);
  return requested;
}

export async function createFacility(database: Database, ctx: WriteContext, input: FacilityCreate): Promise<{ id: string }> {
  return database.db.transaction(async (tx) => {
    const provinceCode = provinceFor(ctx.actor, input.provinceCode);
    // An agency viewer's facilities are their agency's; others name the managing department.
    const agencyId = input.agencyId ?? (ctx.actor.role === 'agency_viewer' && ctx.actor.agencyKind !== 'information' ? ctx.actor.agencyId : null);
    if (!can(ctx.actor, 'facility:write', { provinceCode, agencyId })) throw new AppError('forbidden', 'Not yours to register');
    await checkAgency(tx, agencyId, provinceCode, 'agencyId');
    await checkAgency(tx, input.telecomAgencyId, provinceCode, 'telecomAgencyId', 'telecom');
    await checkPosition(tx, provinceCode, input.position);
    const [row] = rowsOf<{ id: string }>(
      await tx.execute(sql`
        INSERT INTO quarantine_facilities (name, name_en, address, managing_authority, capacity, occupancy, agency_id, telecom_agency_id, province_code, geom)
        VALUES (${input.name}, ${input.nameEn ?? null}, ${input.address}, ${input.managingAuthority}, ${input.capacity}, ${input.occupancy}, ${agencyId},
          ${input.telecomAgencyId ?? null}, ${provinceCode}, ST_SetSRID(ST_MakePoint(${input.position.longitude}, ${input.position.latitude}), 4326))
        RETURNING id`),
    );
    const id = row!.id;
    await recordEvent(tx, ctx, id, 'registered', { name: input.name }, { from: null, to: 'not_surveyed' });
    await writeAudit(tx, { action: 'facility.create', actorId: ctx.actor.id, actorName: ctx.actor.displayName, targetType: 'facility', targetId: id, ip: ctx.ip, details: { name: input.name, provinceCode } });
    await announce(tx, id, 'created');
    return { id };
  });
}

const PATCH_COLUMNS = {
  name: 'name',
  nameEn: 'name_en',
  address: 'address',
  managingAuthority: 'managing_authority',
  agencyId: 'agency_id',
  capacity: 'capacity',
  occupancy: 'occupancy',
  telecomAgencyId: 'telecom_agency_id',
} as const;

/** Edits, closes or reopens a facility; `baseVersion` must be the version the editor saw (409 otherwise). */
export async function updateFacility(database: Database, ctx: WriteContext, id: string, patch: FacilityPatch): Promise<{ id: string; version: number }> {
  return changeFacility(database, ctx, async (tx) => {
    const facility = await facilityInScope(tx, ctx, id, 'facility:write');
    if (patch.baseVersion !== facility.version) {
      const [last] = rowsOf<{ actor_name: string | null; at: string }>(
        await tx.execute(sql`SELECT actor_name, at FROM facility_events WHERE facility_id = ${id} AND actor_id IS NOT NULL ORDER BY at DESC, id DESC LIMIT 1`),
      );
      throw new AppError('conflict', 'Someone else changed this facility first', undefined, { version: facility.version, by: last?.actor_name ?? null, at: last?.at ?? null });
    }
    const sets: ReturnType<typeof sql>[] = [];
    const changed: string[] = [];
    for (const [field, column] of Object.entries(PATCH_COLUMNS) as [keyof typeof PATCH_COLUMNS, string][]) {
      if (patch[field] === undefined) continue;
      sets.push(sql`${sql.raw(column)} = ${patch[field] ?? null}`);
      changed.push(field);
    }
    if (patch.agencyId !== undefined) {
      await checkAgency(tx, patch.agencyId, facility.provinceCode, 'agencyId');
      if (!can(ctx.actor, 'facility:write', { ...facility, agencyId: patch.agencyId })) throw new AppError('forbidden', 'You cannot hand the facility to another agency');
    }
    if (patch.telecomAgencyId !== undefined) await checkAgency(tx, patch.telecomAgencyId, facility.provinceCode, 'telecomAgencyId', 'telecom');
    if (patch.position) {
      await checkPosition(tx, facility.provinceCode, patch.position);
      sets.push(sql`geom = ST_SetSRID(ST_MakePoint(${patch.position.longitude}, ${patch.position.latitude}), 4326)`);
      changed.push('position');
    }
    let event: 'closed' | 'reopened' | null = null;
    if (patch.closed !== undefined) {
      if (patch.closed && !facility.closedAt) {
        sets.push(sql`closed_at = now(), closed_reason = ${patch.closed.reason}`);
        event = 'closed';
      } else if (patch.closed === null && facility.closedAt) {
        sets.push(sql`closed_at = NULL, closed_reason = NULL`);
        event = 'reopened';
      }
    }
    if (sets.length === 0) return { id, version: facility.version };
    const [row] = rowsOf<{ version: number; capacity: number; occupancy: number }>(
      await tx.execute(sql`UPDATE quarantine_facilities SET ${sql.join(sets, sql`, `)}, version = version + 1, updated_at = now() WHERE id = ${id} RETURNING version, capacity, occupancy`),
    );
    if (row!.occupancy > row!.capacity) throw new AppError('unprocessable', 'Occupancy cannot exceed capacity', [{ path: 'body.occupancy', message: 'more than the capacity' }]);
    if (changed.length) await recordEvent(tx, ctx, id, 'edited', { fields: changed });
    if (event) await recordEvent(tx, ctx, id, event, { reason: patch.closed?.reason ?? null });
    if (event === 'closed') await resolveFacilityAlerts(tx, id);
    if (event === 'reopened') await reconcileFacilities(tx, [id]);
    await writeAudit(tx, { action: event ? `facility.${event === 'closed' ? 'close' : 'reopen'}` : 'facility.update', actorId: ctx.actor.id, actorName: ctx.actor.displayName, targetType: 'facility', targetId: id, ip: ctx.ip, details: { fields: changed } });
    await announce(tx, id, 'updated');
    return { id, version: row!.version };
  });
}

/** A closed facility no longer needs watching: its open "facility down" alert is closed with it. */
async function resolveFacilityAlerts(tx: Db, id: string): Promise<void> {
  const rows = rowsOf<{ id: string; status: 'new' | 'acknowledged' | 'dispatched' }>(
    await tx.execute(sql`
      WITH target AS (SELECT id, status FROM alerts WHERE kind = 'facility_down' AND facility_id = ${id} AND status IN ('new', 'acknowledged', 'dispatched') FOR UPDATE)
      UPDATE alerts a SET status = 'dismissed', dismissed_at = now(), dismissal_reason = 'facility closed', version = a.version + 1, updated_at = now()
      FROM target t WHERE a.id = t.id RETURNING a.id, t.status`),
  );
  await recordTransitions(tx, rows.map((r) => ({ alertId: r.id, action: 'dismiss', fromStatus: r.status, toStatus: 'dismissed' })));
  await publishAlertChanges(tx, rows.map((r) => r.id), 'transition');
}

export async function addContact(database: Database, ctx: WriteContext, facilityId: string, input: ContactInput): Promise<{ id: string }> {
  return changeFacility(database, ctx, async (tx) => {
    const facility = await facilityInScope(tx, ctx, facilityId, 'facility:write');
    if (facility.closedAt) throw new AppError('conflict', 'The facility is closed', undefined, { code: 'closed' });
    const [{ n } = { n: 0 }] = rowsOf<{ n: number }>(await tx.execute(sql`SELECT count(*)::int AS n FROM facility_contacts WHERE facility_id = ${facilityId} AND removed_at IS NULL`));
    if (n >= 50) throw new AppError('unprocessable', 'A facility has at most 50 contacts');
    const primary = input.isPrimary ?? n === 0;
    if (primary) await tx.execute(sql`UPDATE facility_contacts SET is_primary = false, updated_at = now() WHERE facility_id = ${facilityId} AND is_primary`);
    const [row] = rowsOf<{ id: string }>(
      await tx.execute(sql`
        INSERT INTO facility_contacts (facility_id, name, position, phone, email, is_primary)
        VALUES (${facilityId}, ${input.name}, ${input.position ?? null}, ${input.phone}, ${input.email ?? null}, ${primary}) RETURNING id`),
    );
    await recordEvent(tx, ctx, facilityId, 'contact_added', { contactId: row!.id, name: input.name });
    await writeAudit(tx, { action: 'facility.contact.add', actorId: ctx.actor.id, actorName: ctx.actor.displayName, targetType: 'facility', targetId: facilityId, ip: ctx.ip, details: { contactId: row!.id } });
    await announce(tx, facilityId, 'contacts');
    return { id: row!.id };
  });
}

export async function updateContact(database: Database, ctx: WriteContext, facilityId: string, contactId: string, input: ContactInput | null): Promise<void> {
  await changeFacility(database, ctx, async (tx) => {
    await facilityInScope(tx, ctx, facilityId, 'facility:write');
    const [existing] = rowsOf<{ id: string; name: string }>(
      await tx.execute(sql`SELECT id, name FROM facility_contacts WHERE id = ${contactId} AND facility_id = ${facilityId} AND removed_at IS NULL FOR UPDATE`),
    );
    if (!existing) throw new AppError('not_found', 'No such contact');
    if (input === null) {
      await tx.execute(sql`UPDATE facility_contacts SET removed_at = now(), is_primary = false, updated_at = now() WHERE id = ${contactId}`);
      // The first remaining contact becomes the primary one, so a facility with contacts always has one.
      await tx.execute(sql`
        UPDATE facility_contacts SET is_primary = true WHERE id = (
          SELECT id FROM facility_contacts WHERE facility_id = ${facilityId} AND removed_at IS NULL ORDER BY created_at, id LIMIT 1)
        AND NOT EXISTS (SELECT 1 FROM facility_contacts WHERE facility_id = ${facilityId} AND removed_at IS NULL AND is_primary)`);
    } else {
      if (input.isPrimary) await tx.execute(sql`UPDATE facility_contacts SET is_primary = false WHERE facility_id = ${facilityId} AND is_primary AND id <> ${contactId}`);
      await tx.execute(sql`
        UPDATE facility_contacts SET name = ${input.name}, position = ${input.position ?? null}, phone = ${input.phone}, email = ${input.email ?? null},
          is_primary = coalesce(${input.isPrimary ?? null}::boolean, is_primary), updated_at = now()
        WHERE id = ${contactId}`);
    }
    await recordEvent(tx, ctx, facilityId, input ? 'contact_changed' : 'contact_removed', { contactId, name: input?.name ?? existing.name });
    await writeAudit(tx, { action: input ? 'facility.contact.update' : 'facility.contact.remove', actorId: ctx.actor.id, actorName: ctx.actor.displayName, targetType: 'facility', targetId: facilityId, ip: ctx.ip, details: { contactId } });
    await announce(tx, facilityId, 'contacts');
  });
}

/**
 * Records a step of the pipeline (survey, agreed plan, connection started), in order: a step
 * out of order is a 409 naming the stage the facility is at. The status follows (reconcile):
 * after `connect` it is connected only once the plan's number of cameras are live.
 */
export async function recordStep(database: Database, ctx: WriteContext, facilityId: string, step: StepKind, input: SurveyInput | PlanInput | { notes?: string | null }): Promise<{ status: FacilityStatus }> {
  return changeFacility(database, ctx, async (tx) => {
    const facility = await facilityInScope(tx, ctx, facilityId, 'facility:progress');
    if (facility.closedAt) throw new AppError('conflict', 'The facility is closed', undefined, { code: 'closed' });
    if (!stepAllowed(step, facility.stage)) throw new AppError('conflict', `A ${step} cannot follow the stage ${facility.stage}`, undefined, { code: 'out_of_order', stage: facility.stage });
    let details: Record<string, unknown> = {};
    if (step === 'survey') {
      const s = input as SurveyInput;
      const [row] = rowsOf<{ id: string }>(
        await tx.execute(sql`
          INSERT INTO facility_surveys (facility_id, surveyed_on, surveyors, existing_cameras, areas, cameras_needed, notes, recorded_by, recorded_by_name)
          VALUES (${facilityId}, ${s.surveyedOn}, ${s.surveyors}, ${JSON.stringify(s.existingCameras)}::jsonb, ${JSON.stringify(s.areas)}::jsonb, ${s.camerasNeeded}, ${s.notes ?? null},
            ${ctx.actor.id}, ${ctx.actor.displayName}) RETURNING id`),
      );
      details = { surveyId: row!.id, surveyedOn: s.surveyedOn, camerasNeeded: s.camerasNeeded, areasUncovered: s.areas.filter((a) => !a.covered).length };
    } else if (step === 'plan') {
      const p = input as PlanInput;
      // Telecom staff agree plans for their own company only.
      const scope = scopeFor(ctx.actor, 'facility:progress');
      if (scope?.telecomAgencyId && p.telecomAgencyId !== scope.telecomAgencyId) throw new AppError('forbidden', 'A plan names your own company');
      await checkAgency(tx, p.telecomAgencyId, facility.provinceCode, 'telecomAgencyId', 'telecom');
      const [row] = rowsOf<{ id: string }>(
        await tx.execute(sql`
          INSERT INTO facility_plans (facility_id, agreed_on, telecom_agency_id, cameras_to_connect, method, target_date, notes, recorded_by, recorded_by_name)
          VALUES (${facilityId}, ${p.agreedOn}, ${p.telecomAgencyId}, ${p.camerasToConnect}, ${p.method}, ${p.targetDate}, ${p.notes ?? null}, ${ctx.actor.id}, ${ctx.actor.displayName})
          RETURNING id`),
      );
      await tx.execute(sql`UPDATE quarantine_facilities SET required_cameras = ${p.camerasToConnect}, target_date = ${p.targetDate}, telecom_agency_id = ${p.telecomAgencyId} WHERE id = ${facilityId}`);
      details = { planId: row!.id, camerasToConnect: p.camerasToConnect, targetDate: p.targetDate, telecomAgencyId: p.telecomAgencyId };
    } else {
      details = { notes: (input as { notes?: string | null }).notes ?? null };
    }
    const to = STEPS[step].to;
    const statusChange = to !== facility.status ? { from: facility.status, to } : undefined;
    await tx.execute(sql`
      UPDATE quarantine_facilities SET stage = ${to}, version = version + 1, updated_at = now()
        ${statusChange ? sql`, status = ${to}, status_since = now()` : sql``}
      WHERE id = ${facilityId}`);
    await recordEvent(tx, ctx, facilityId, step, details, statusChange);
    if (step === 'connect') await reconcileFacilities(tx, [facilityId]);
    await writeAudit(tx, { action: `facility.${step}`, actorId: ctx.actor.id, actorName: ctx.actor.displayName, targetType: 'facility', targetId: facilityId, ip: ctx.ip, details });
    await announce(tx, facilityId, 'step');
    const [after] = rowsOf<{ status: FacilityStatus }>(await tx.execute(sql`SELECT status FROM quarantine_facilities WHERE id = ${facilityId}`));
    return { status: after!.status };
  });
}

// The operations centre: alerts and their history, escalation, teams and the roster, dispatches, tips, shift reports.
import { sql } from 'drizzle-orm';
import { bigint, bigserial, check, date, index, integer, jsonb, pgTable, primaryKey, real, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { ALERT_STATUSES, type AlertStatus } from '../../lib/domain/alerts';
import { agencies, users } from './accounts';
import { cameras } from './cameras';
import { geometry, inList, timestamps } from './columns';
import { checkpoints, zones } from './planning';
import { quarantineFacilities } from './programme';

/**
 * Everything that needs a person: hotspot crossings, residents' tips, cameras down. The
 * workflow (lib/alerts/workflow) moves `status`; every change bumps `version` (so two operators
 * acting at once cannot both win) and is recorded in `alert_transitions`. An alert is never
 * deleted: retracted and dismissed ones keep their reason.
 */
export const alerts = pgTable(
  'alerts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    kind: text('kind').notNull(),
    status: text('status').$type<AlertStatus>().notNull().default('new'),
    version: integer('version').notNull().default(1),
    severity: text('severity').notNull().default('warning'),
    cameraId: uuid('camera_id').references(() => cameras.id, { onDelete: 'cascade' }),
    /** For "facility down" alerts: the quarantine facility whose cameras are all down. */
    facilityId: uuid('facility_id').references(() => quarantineFacilities.id, { onDelete: 'cascade' }),
    /** For crossing alerts: the crossing that raised it. */
    crossingId: bigint('crossing_id', { mode: 'number' }),
    /** For tip alerts: the tip that raised it. */
    tipId: uuid('tip_id'),
    /** The zone it happened in (the hotspot of a crossing, the zone of a camera or a tip). */
    zoneId: uuid('zone_id').references(() => zones.id, { onDelete: 'set null' }),
    /** A technical summary for logs and the API; the interface builds its own text in the reader's language. */
    message: text('message').notNull(),
    provinceCode: text('province_code').notNull(),
    agencyId: text('agency_id'),
    /** When what it reports happened (a crossing's time, a tip's time), as opposed to when it was raised. */
    occurredAt: timestamp('occurred_at', { withTimezone: true }).notNull().defaultNow(),
    geom: geometry('geom', 'Point'),
    /**
     * Alerts that are one event (close in place and time) share the id of the group's first
     * alert and are handled together; null for an alert on its own.
     */
    incidentId: uuid('incident_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    /** Left unacknowledged past its escalation policy's time (escalation_policies): leadership was told. */
    escalatedAt: timestamp('escalated_at', { withTimezone: true }),
    acknowledgedAt: timestamp('acknowledged_at', { withTimezone: true }),
    acknowledgedBy: uuid('acknowledged_by').references(() => users.id),
    dispatchedAt: timestamp('dispatched_at', { withTimezone: true }),
    dispatchedBy: uuid('dispatched_by').references(() => users.id),
    resolvedAt: timestamp('resolved_at', { withTimezone: true }),
    /** null with a resolution: the system closed it (equipment back). */
    resolvedBy: uuid('resolved_by').references(() => users.id),
    outcome: text('outcome'),
    /** Marked as evidence: its recorded clip is kept past retention even after it is resolved. */
    evidenceAt: timestamp('evidence_at', { withTimezone: true }),
    evidenceBy: uuid('evidence_by').references(() => users.id),
    /** With outcome `intercepted`: how many people were intercepted. */
    interceptedCount: integer('intercepted_count'),
    resolutionNote: text('resolution_note'),
    dismissedAt: timestamp('dismissed_at', { withTimezone: true }),
    dismissedBy: uuid('dismissed_by').references(() => users.id),
    dismissalReason: text('dismissal_reason'),
    retractedAt: timestamp('retracted_at', { withTimezone: true }),
    /** Why the alert was retracted (kept with it: an alert is never deleted). */
    retractionReason: text('retraction_reason'),
    /** Put aside until then by an operator (with a reason): not overdue meanwhile, listed after the others. */
    snoozedUntil: timestamp('snoozed_until', { withTimezone: true }),
    snoozeReason: text('snooze_reason'),
    /** The operator it is assigned (or handed over) to. */
    assignedTo: uuid('assigned_to').references(() => users.id),
    assignedAt: timestamp('assigned_at', { withTimezone: true }),
    /** Set by an operator: 0 normal, 1 high, 2 urgent (the source sets `severity`). */
    priority: integer('priority').notNull().default(0),
  },
  (t) => [
    index('alerts_created_idx').on(t.createdAt),
    index('alerts_open_idx').on(t.provinceCode, t.createdAt).where(sql`status IN ('new', 'acknowledged', 'dispatched')`),
    // An alert's group: its incident, or itself (db/queries/alerts).
    index('alerts_group_idx').on(sql`coalesce(${t.incidentId}, ${t.id})`),
    index('alerts_geom_idx').using('gist', t.geom),
    // Incident grouping reads a province's groupable alerts by time (db/queries/incidents).
    index('alerts_incident_time_idx').on(t.provinceCode, t.occurredAt).where(sql`kind IN ('hotspot_crossing', 'tip') AND geom IS NOT NULL AND status <> 'retracted'`),
    // At most one open "camera down" alert per camera, however many instances notice it.
    uniqueIndex('alerts_one_open_camera_down').on(t.cameraId).where(sql`kind = 'camera_down' AND status IN ('new', 'acknowledged', 'dispatched')`),
    uniqueIndex('alerts_one_open_facility_down').on(t.facilityId).where(sql`kind = 'facility_down' AND status IN ('new', 'acknowledged', 'dispatched')`),
    uniqueIndex('alerts_one_open_recording_paused').on(t.provinceCode).where(sql`kind = 'recording_paused' AND status IN ('new', 'acknowledged', 'dispatched')`),
    uniqueIndex('alerts_one_open_storage_low').on(t.provinceCode).where(sql`kind = 'storage_low' AND status IN ('new', 'acknowledged', 'dispatched')`),
    // One alert per crossing and per tip, however often they are re-sent.
    uniqueIndex('alerts_crossing_key').on(t.crossingId),
    uniqueIndex('alerts_tip_key').on(t.tipId),
    check('alerts_status_check', sql`status IN (${inList(ALERT_STATUSES)})`),
    check('alerts_severity_check', sql`severity IN ('info', 'warning', 'critical')`),
    check('alerts_outcome_check', sql`outcome IS NULL OR outcome IN ('intercepted', 'turned_back', 'false_alarm', 'no_contact', 'restored')`),
    check('alerts_intercepted_check', sql`intercepted_count IS NULL OR intercepted_count BETWEEN 1 AND 10000`),
  ],
);

/**
 * How long an alert of a kind and severity may stay new before it is overdue and escalated (to
 * leadership's screens). Edited by administrators (audited); defaults in migration 0027.
 */
export const escalationPolicies = pgTable(
  'escalation_policies',
  {
    kind: text('kind').notNull(),
    severity: text('severity').notNull(),
    acknowledgeMinutes: integer('acknowledge_minutes').notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    updatedBy: uuid('updated_by').references(() => users.id),
  },
  (t) => [primaryKey({ columns: [t.kind, t.severity] }), check('escalation_minutes_range', sql`${t.acknowledgeMinutes} BETWEEN 1 AND 1440`)],
);

/** Append-only history of every alert: who moved it from which status to which, when, with what. */
export const alertTransitions = pgTable(
  'alert_transitions',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    alertId: uuid('alert_id').notNull().references(() => alerts.id, { onDelete: 'cascade' }),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    /** null: the system (escalation, equipment back, retraction, grouping). */
    actorId: uuid('actor_id'),
    actorName: text('actor_name'),
    /** raised, acknowledge, dispatch, resolve, dismiss, escalate, retract, restore, group, report. */
    action: text('action').notNull(),
    fromStatus: text('from_status'),
    toStatus: text('to_status'),
    details: jsonb('details').$type<Record<string, unknown>>(),
  },
  (t) => [index('alert_transitions_alert_idx').on(t.alertId, t.at)],
);

/** A team of officers based at a post; the roster says when it holds it. */
export const teams = pgTable(
  'teams',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    checkpointId: uuid('checkpoint_id').notNull().references(() => checkpoints.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    /** Radio call sign or short name used on the net. */
    callSign: text('call_sign'),
    officerCount: integer('officer_count').notNull(),
    phone: text('phone'),
    agencyId: text('agency_id').references(() => agencies.id),
    provinceCode: text('province_code').notNull(),
    version: integer('version').notNull().default(1),
    /** Stood down: kept for the history of rosters and dispatches, offered for nothing new. */
    retiredAt: timestamp('retired_at', { withTimezone: true }),
    ...timestamps,
  },
  (t) => [index('teams_checkpoint_idx').on(t.checkpointId), check('teams_officer_count_check', sql`officer_count BETWEEN 1 AND 500`)],
);

/** Which team holds a post during one shift (lib/domain/shifts). */
export const rosterAssignments = pgTable(
  'roster_assignments',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    checkpointId: uuid('checkpoint_id').notNull().references(() => checkpoints.id, { onDelete: 'cascade' }),
    teamId: uuid('team_id').notNull().references(() => teams.id, { onDelete: 'cascade' }),
    /** The local date the shift starts on and its number that day. */
    shiftDate: date('shift_date', { mode: 'string' }).notNull(),
    shiftIndex: integer('shift_index').notNull(),
    startsAt: timestamp('starts_at', { withTimezone: true }).notNull(),
    endsAt: timestamp('ends_at', { withTimezone: true }).notNull(),
    createdBy: uuid('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('roster_assignments_shift_key').on(t.checkpointId, t.shiftDate, t.shiftIndex),
    index('roster_assignments_time_idx').on(t.startsAt, t.endsAt),
    check('roster_assignments_period_check', sql`ends_at > starts_at`),
  ],
);

/** A team sent to an alert (to its group), and what it reported back. */
export const dispatches = pgTable(
  'dispatches',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    alertId: uuid('alert_id').notNull().references(() => alerts.id, { onDelete: 'cascade' }),
    teamId: uuid('team_id').notNull().references(() => teams.id),
    checkpointId: uuid('checkpoint_id').notNull().references(() => checkpoints.id),
    /** Straight-line distance from the post to the alert when sent. */
    distanceM: real('distance_m').notNull(),
    dispatchedAt: timestamp('dispatched_at', { withTimezone: true }).notNull().defaultNow(),
    dispatchedBy: uuid('dispatched_by').notNull().references(() => users.id),
    report: text('report'),
    reportedAt: timestamp('reported_at', { withTimezone: true }),
    reportedBy: uuid('reported_by').references(() => users.id),
    provinceCode: text('province_code').notNull(),
  },
  (t) => [index('dispatches_alert_idx').on(t.alertId), index('dispatches_open_idx').on(t.dispatchedAt).where(sql`reported_at IS NULL`)],
);

/**
 * A resident's report taken by an operator. The reporter's name and phone are personal data:
 * read only for roles with `tip:reporter`, never exported or logged.
 */
export const tips = pgTable(
  'tips',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull(),
    channel: text('channel').notNull(),
    reporterName: text('reporter_name'),
    reporterPhone: text('reporter_phone'),
    /** The place as the reporter named it. */
    placeText: text('place_text'),
    description: text('description').notNull(),
    peopleCount: integer('people_count'),
    zoneId: uuid('zone_id').references(() => zones.id, { onDelete: 'set null' }),
    recordedBy: uuid('recorded_by').notNull().references(() => users.id),
    provinceCode: text('province_code').notNull(),
    agencyId: text('agency_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    geom: geometry('geom', 'Point').notNull(),
  },
  (t) => [
    index('tips_received_idx').on(t.receivedAt),
    check('tips_channel_check', sql`channel IN ('phone', 'in_person', 'radio', 'other')`),
    check('tips_people_check', sql`people_count IS NULL OR people_count BETWEEN 0 AND 10000`),
  ],
);

/**
 * A duty officer's report on a shift. Signing freezes it: the content hash is stored, and a
 * trigger (migration 0021) refuses any change to a signed report; a correction is a new report
 * that names the one it corrects.
 */
export const situationReports = pgTable(
  'situation_reports',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    provinceCode: text('province_code').notNull(),
    agencyId: text('agency_id'),
    periodStart: timestamp('period_start', { withTimezone: true }).notNull(),
    periodEnd: timestamp('period_end', { withTimezone: true }).notNull(),
    shiftDate: date('shift_date', { mode: 'string' }).notNull(),
    shiftIndex: integer('shift_index').notNull(),
    status: text('status').$type<'draft' | 'signed'>().notNull().default('draft'),
    /** The shift's figures as computed when the report was opened (lib/reports/situation). */
    figures: jsonb('figures').$type<Record<string, unknown>>().notNull(),
    /** Alerts the officer chose to mention, with what they were at the time. */
    notableAlerts: jsonb('notable_alerts').$type<Record<string, unknown>[]>().notNull(),
    narrative: text('narrative').notNull().default(''),
    version: integer('version').notNull().default(1),
    authorId: uuid('author_id').notNull().references(() => users.id),
    authorName: text('author_name').notNull(),
    signedAt: timestamp('signed_at', { withTimezone: true }),
    signedBy: uuid('signed_by').references(() => users.id),
    signerName: text('signer_name'),
    /** SHA-256 of the signed content (lib/reports/situation contentHash). */
    contentHash: text('content_hash'),
    /** Ed25519 signature over the kind, id and content hash (lib/signing), and the id of its key; null for drafts and reports signed before signing existed. */
    signatureKeyId: text('signature_key_id'),
    signature: text('signature'),
    /** A correction names the signed report it corrects. */
    correctsId: uuid('corrects_id'),
    ...timestamps,
  },
  (t) => [
    index('situation_reports_period_idx').on(t.provinceCode, t.periodStart),
    // One report per shift and province; corrections are extra reports that name the original.
    uniqueIndex('situation_reports_shift_key').on(t.provinceCode, t.shiftDate, t.shiftIndex).where(sql`corrects_id IS NULL`),
    check('situation_reports_status_check', sql`status IN ('draft', 'signed')`),
    check('situation_reports_signed_check', sql`status = 'draft' OR (signed_at IS NOT NULL AND content_hash IS NOT NULL)`),
    check('situation_reports_signature_check', sql`(signature IS NULL) = (signature_key_id IS NULL)`),
  ],
);

// The quarantine-facility camera programme: facilities, their contacts, history, surveys and plans, reports.
import { sql } from 'drizzle-orm';
import { bigserial, boolean, check, date, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { FACILITY_STAGES, FACILITY_STATUSES, type FacilityStage, type FacilityStatus } from '../../lib/domain/facilities';
import { agencies } from './accounts';
import { geometry, inList, timestamps } from './columns';
import { mapObject } from './map-objects';

export const quarantineFacilities = pgTable(
  'quarantine_facilities',
  {
    ...mapObject,
    address: text('address'),
    /** The unit that runs the site (e.g. a district people's committee, a military school). */
    managingAuthority: text('managing_authority'),
    capacity: integer('capacity').notNull(),
    /** People in quarantine there now. */
    occupancy: integer('occupancy').notNull().default(0),
    /** The designated telecom company that surveys and connects it (its staff see only theirs). */
    telecomAgencyId: text('telecom_agency_id').references(() => agencies.id),
    /** The last step people recorded. */
    stage: text('stage').$type<FacilityStage>().notNull().default('not_surveyed'),
    /** The stage, or connected/degraded from the cameras' health once connecting. */
    status: text('status').$type<FacilityStatus>().notNull().default('not_surveyed'),
    statusSince: timestamp('status_since', { withTimezone: true }).notNull().defaultNow(),
    /** How many of its cameras must be live for it to count as connected (from the agreed plan). */
    requiredCameras: integer('required_cameras'),
    /** When it first counted as connected; after that, too few live cameras is `degraded`. */
    firstConnectedAt: timestamp('first_connected_at', { withTimezone: true }),
    /** The date the agreed plan promises connection by (else the programme's deadline). */
    targetDate: date('target_date', { mode: 'string' }),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    closedReason: text('closed_reason'),
    version: integer('version').notNull().default(1),
    geom: geometry('geom', 'Point').notNull(),
  },
  (t) => [
    uniqueIndex('quarantine_facilities_code_key').on(t.code),
    index('quarantine_facilities_geom_idx').using('gist', t.geom),
    index('quarantine_facilities_scope_idx').on(t.provinceCode, t.status),
    check('quarantine_facilities_status_check', sql`status IN (${inList(FACILITY_STATUSES)})`),
    check('quarantine_facilities_stage_check', sql`stage IN (${inList(FACILITY_STAGES)})`),
    check('quarantine_facilities_counts_check', sql`capacity >= 0 AND occupancy >= 0 AND (required_cameras IS NULL OR required_cameras >= 1)`),
  ],
);

/** A facility's contact persons (the seed's "đầu mối"): who answers for its cameras. */
export const facilityContacts = pgTable(
  'facility_contacts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    facilityId: uuid('facility_id').notNull().references(() => quarantineFacilities.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    position: text('position'),
    phone: text('phone').notNull(),
    email: text('email'),
    isPrimary: boolean('is_primary').notNull().default(false),
    /** Removed contacts are kept for the record (and the daily report's "contacts changed"). */
    removedAt: timestamp('removed_at', { withTimezone: true }),
    ...timestamps,
  },
  (t) => [index('facility_contacts_facility_idx').on(t.facilityId)],
);

/**
 * Everything that happened to a facility, in order, never changed: registration, edits,
 * surveys, plans, connection, status changes (with from and to), contacts, closing. Status
 * rows are the history the trend and the reports are computed from.
 */
export const facilityEvents = pgTable(
  'facility_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    facilityId: uuid('facility_id').notNull().references(() => quarantineFacilities.id, { onDelete: 'cascade' }),
    kind: text('kind').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    actorId: uuid('actor_id'),
    /** null: the system (the health monitor). */
    actorName: text('actor_name'),
    fromStatus: text('from_status'),
    toStatus: text('to_status'),
    details: jsonb('details').$type<Record<string, unknown>>().notNull().default({}),
  },
  (t) => [index('facility_events_facility_at_idx').on(t.facilityId, t.at), index('facility_events_kind_at_idx').on(t.kind, t.at)],
);

/** A survey of a facility's cameras: what exists, which areas are covered, what is still needed. */
export const facilitySurveys = pgTable(
  'facility_surveys',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    facilityId: uuid('facility_id').notNull().references(() => quarantineFacilities.id, { onDelete: 'cascade' }),
    surveyedOn: date('surveyed_on', { mode: 'string' }).notNull(),
    surveyors: text('surveyors').notNull(),
    /** [{ label, state: working | faulty | not_connectable }] */
    existingCameras: jsonb('existing_cameras').$type<{ label: string; state: string }[]>().notNull(),
    /** [{ area: entrance | corridor | perimeter | room_doors | other, label, covered }] */
    areas: jsonb('areas').$type<{ area: string; label: string; covered: boolean }[]>().notNull(),
    camerasNeeded: integer('cameras_needed').notNull(),
    notes: text('notes'),
    recordedBy: uuid('recorded_by').notNull(),
    recordedByName: text('recorded_by_name').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('facility_surveys_facility_idx').on(t.facilityId, t.createdAt)],
);

/** The connection plan agreed between the province and the telecom company. */
export const facilityPlans = pgTable(
  'facility_plans',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    facilityId: uuid('facility_id').notNull().references(() => quarantineFacilities.id, { onDelete: 'cascade' }),
    agreedOn: date('agreed_on', { mode: 'string' }).notNull(),
    telecomAgencyId: text('telecom_agency_id').notNull().references(() => agencies.id),
    camerasToConnect: integer('cameras_to_connect').notNull(),
    /** How the cameras reach the central system (e.g. a restreamer over a leased line). */
    method: text('method').notNull(),
    targetDate: date('target_date', { mode: 'string' }).notNull(),
    notes: text('notes'),
    recordedBy: uuid('recorded_by').notNull(),
    recordedByName: text('recorded_by_name').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('facility_plans_facility_idx').on(t.facilityId, t.createdAt)],
);

/** A rollout programme and its settings: the deadline and when the daily report is made. */
export const programmes = pgTable('programmes', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  nameEn: text('name_en').notNull(),
  deadline: date('deadline', { mode: 'string' }).notNull(),
  /** Local time (Asia/Ho_Chi_Minh) the daily report is produced, minutes after midnight. */
  reportMinute: integer('report_minute').notNull().default(1020),
  updatedBy: uuid('updated_by'),
  ...timestamps,
});

/**
 * A daily report, frozen: its figures are computed once and never change. One per programme,
 * scope (a province code or `national`) and day, however many instances try at once.
 */
export const programmeReports = pgTable(
  'programme_reports',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    programmeId: text('programme_id').notNull().references(() => programmes.id),
    scopeKey: text('scope_key').notNull(),
    reportDate: date('report_date', { mode: 'string' }).notNull(),
    /** The instant the figures describe: the report time, or the moment an early report was asked for. */
    cutoffAt: timestamp('cutoff_at', { withTimezone: true }).notNull(),
    generatedAt: timestamp('generated_at', { withTimezone: true }).notNull().defaultNow(),
    /** null: produced by the schedule. */
    generatedBy: uuid('generated_by'),
    generatedByName: text('generated_by_name'),
    figures: jsonb('figures').$type<Record<string, unknown>>().notNull(),
    /** SHA-256 of the figures, printed on the report so a copy can be checked. */
    contentHash: text('content_hash').notNull(),
    /** Ed25519 signature over the kind, id and content hash (lib/signing), and the id of its key; null before signing existed. */
    signatureKeyId: text('signature_key_id'),
    signature: text('signature'),
    generationMs: integer('generation_ms').notNull(),
  },
  (t) => [
    uniqueIndex('programme_reports_day_key').on(t.programmeId, t.scopeKey, t.reportDate),
    index('programme_reports_date_idx').on(t.reportDate),
    check('programme_reports_signature_check', sql`(signature IS NULL) = (signature_key_id IS NULL)`),
  ],
);

// The single source of truth for Vigil's data. `npm run db:generate` turns changes here into
// SQL migrations in db/migrations/, which both engines apply at start-up.
import { sql, type SQL } from 'drizzle-orm';
import { ALERT_STATUSES, type AlertStatus } from '../lib/domain/alerts';
import { FACILITY_STAGES, FACILITY_STATUSES, type FacilityStage, type FacilityStatus } from '../lib/domain/facilities';
import { PLAN_KINDS, type PlanSeverity } from '../lib/domain/plan-layers';
import { AGENCY_KINDS, ROLES } from '../lib/domain/roles';
import {
  bigint,
  bigserial,
  boolean,
  check,
  customType,
  date,
  index,
  integer,
  jsonb,
  pgEnum,
  pgSequence,
  pgTable,
  primaryKey,
  real,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

const bytea = customType<{ data: Buffer; driverData: Buffer }>({ dataType: () => 'bytea' });

type GeometryKind = 'Point' | 'LineString' | 'MultiLineString' | 'Polygon' | 'MultiPolygon' | 'Geometry';

/** A GeoJSON geometry object as it is written to a PostGIS column. */
export interface GeoJsonGeometry {
  type: string;
  coordinates: unknown;
}

/**
 * PostGIS geometry in SRID 4326. Writes take GeoJSON; reads are done in SQL with
 * ST_AsGeoJSON (see db/queries), so the driver value is left as the hex EWKB string.
 */
const geometry = (name: string, kind: GeometryKind) =>
  customType<{ data: GeoJsonGeometry; driverData: string | SQL }>({
    dataType: () => `geometry(${kind}, 4326)`,
    toDriver: (value) => sql`ST_SetSRID(ST_GeomFromGeoJSON(${JSON.stringify(value)}), 4326)`,
  })(name);

/** SQL list of values for a CHECK constraint. */
const inList = (values: readonly string[]) => sql.raw(values.map((v) => `'${v}'`).join(', '));

const timestamps = {
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
};

/** telecom: the designated telecom companies' staff, who survey and connect the quarantine facilities assigned to their company. */
export const roleEnum = pgEnum('role', ROLES);
export const agencyKindEnum = pgEnum('agency_kind', AGENCY_KINDS);
export const zoneKindEnum = pgEnum('zone_kind', PLAN_KINDS.zones);
export const checkpointKindEnum = pgEnum('checkpoint_kind', PLAN_KINDS.posts);
export const cameraKindEnum = pgEnum('camera_kind', ['fixed', 'ptz', 'ai']);
/** unsupported: reachable but not playable in a browser (not HLS, not live, or a codec browsers lack). */
export const cameraStatusEnum = pgEnum('camera_status', ['unknown', 'live', 'stalled', 'offline', 'unsupported']);
export const borderSectionEnum = pgEnum('border_section', ['land', 'river', 'maritime']);
/** How a position was obtained: copied from an open dataset, or placed approximately. */
export const positionConfidenceEnum = pgEnum('position_confidence', ['exact_from_data', 'approximate', 'demo']);

export const agencies = pgTable('agencies', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  nameEn: text('name_en').notNull(),
  kind: agencyKindEnum('kind').notNull(),
  /** null: a national agency. */
  provinceCode: text('province_code'),
  isDemo: boolean('is_demo').notNull().default(false),
  ...timestamps,
});

export const users = pgTable(
  'users',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    username: text('username').notNull(),
    displayName: text('display_name').notNull(),
    passwordHash: text('password_hash').notNull(),
    role: roleEnum('role').notNull(),
    agencyId: text('agency_id').notNull().references(() => agencies.id),
    /** ISO 3166-2 code of the province the user is scoped to; null is national (sees all). */
    provinceCode: text('province_code'),
    disabled: boolean('disabled').notNull().default(false),
    isDemo: boolean('is_demo').notNull().default(false),
    lastSignInAt: timestamp('last_sign_in_at', { withTimezone: true }),
    ...timestamps,
  },
  (t) => [uniqueIndex('users_username_key').on(sql`lower(${t.username})`)],
);

export const adminAreas = pgTable(
  'admin_areas',
  {
    code: text('code').primaryKey(),
    name: text('name').notNull(),
    nameEn: text('name_en').notNull(),
    /** OSM-style admin level: 2 country (clipped to the region), 4 province, 6 district. */
    adminLevel: integer('admin_level').notNull(),
    /** ISO 3166-1 alpha-3 of the country the area belongs to. */
    countryCode: text('country_code').notNull(),
    /** The province the area lies in; null for country polygons. */
    provinceCode: text('province_code'),
    source: text('source').notNull(),
    licence: text('licence').notNull(),
    accuracy: text('accuracy'),
    geom: geometry('geom', 'MultiPolygon').notNull(),
  },
  (t) => [index('admin_areas_geom_idx').using('gist', t.geom)],
);

export const borderLines = pgTable(
  'border_lines',
  {
    id: text('id').primaryKey(),
    section: borderSectionEnum('section').notNull(),
    name: text('name').notNull(),
    nameEn: text('name_en').notNull(),
    provinceCode: text('province_code').notNull(),
    source: text('source').notNull(),
    geom: geometry('geom', 'MultiLineString').notNull(),
  },
  (t) => [index('border_lines_geom_idx').using('gist', t.geom)],
);

export const places = pgTable(
  'places',
  {
    id: text('id').primaryKey(),
    name: text('name').notNull(),
    nameEn: text('name_en').notNull(),
    kind: text('kind').notNull(),
    confidence: positionConfidenceEnum('confidence').notNull(),
    uncertaintyM: integer('uncertainty_m'),
    source: text('source').notNull(),
    geom: geometry('geom', 'Point').notNull(),
  },
  (t) => [index('places_geom_idx').using('gist', t.geom)],
);

/** Columns every operational map object shares: ownership scope, provenance and audit times. */
const mapObject = {
  id: uuid('id').primaryKey().defaultRandom(),
  /** Stable key for seeded objects, so re-seeding never duplicates them. */
  code: text('code'),
  name: text('name').notNull(),
  nameEn: text('name_en'),
  description: text('description'),
  /** The description in English (the interface shows one language at a time). */
  descriptionEn: text('description_en'),
  agencyId: text('agency_id').references(() => agencies.id),
  provinceCode: text('province_code').notNull(),
  isDemo: boolean('is_demo').notNull().default(false),
  confidence: positionConfidenceEnum('confidence').notNull().default('exact_from_data'),
  /** Radius of the position's uncertainty in metres, when approximate. */
  uncertaintyM: integer('uncertainty_m'),
  ...timestamps,
};

/**
 * Columns of objects planners draw and edit: every save is a new version (plan_versions), a
 * save names the version it edited (optimistic concurrency), retiring keeps the row and history.
 */
const plannedObject = {
  severity: text('severity').$type<PlanSeverity>().notNull().default('medium'),
  version: integer('version').notNull().default(1),
  updatedBy: uuid('updated_by'),
  updatedByName: text('updated_by_name'),
  retiredAt: timestamp('retired_at', { withTimezone: true }),
};

export const zones = pgTable(
  'zones',
  {
    ...mapObject,
    ...plannedObject,
    kind: zoneKindEnum('kind').notNull(),
    geom: geometry('geom', 'MultiPolygon').notNull(),
  },
  (t) => [
    uniqueIndex('zones_code_key').on(t.code),
    index('zones_geom_idx').using('gist', t.geom),
    check('zones_severity_check', sql`severity IN ('low', 'medium', 'high', 'critical')`),
  ],
);

export const routeKindEnum = pgEnum('route_kind', PLAN_KINDS.routes);

/** Patrol routes planners draw along the border. */
export const patrolRoutes = pgTable(
  'patrol_routes',
  {
    ...mapObject,
    ...plannedObject,
    kind: routeKindEnum('kind').notNull(),
    geom: geometry('geom', 'LineString').notNull(),
  },
  (t) => [
    uniqueIndex('patrol_routes_code_key').on(t.code),
    index('patrol_routes_geom_idx').using('gist', t.geom),
    check('patrol_routes_severity_check', sql`severity IN ('low', 'medium', 'high', 'critical')`),
  ],
);

export const checkpoints = pgTable(
  'checkpoints',
  {
    ...mapObject,
    kind: checkpointKindEnum('kind').notNull(),
    /** Officers on duty per shift. */
    staffing: integer('staffing').notNull().default(0),
    staffed24h: boolean('staffed_24h').notNull().default(true),
    ...plannedObject,
    geom: geometry('geom', 'Point').notNull(),
  },
  (t) => [
    uniqueIndex('checkpoints_code_key').on(t.code),
    index('checkpoints_geom_idx').using('gist', t.geom),
    check('checkpoints_severity_check', sql`severity IN ('low', 'medium', 'high', 'critical')`),
  ],
);

/**
 * Every saved version of a drawn object: what it was after the save, who saved it and which
 * fields changed. Versions are only ever added; restoring an old one adds a new version.
 */
export const planVersions = pgTable(
  'plan_versions',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    layer: text('layer').$type<'zones' | 'routes' | 'posts'>().notNull(),
    objectId: uuid('object_id').notNull(),
    version: integer('version').notNull(),
    action: text('action').$type<'create' | 'update' | 'restore' | 'retire' | 'import'>().notNull(),
    changedAt: timestamp('changed_at', { withTimezone: true }).notNull().defaultNow(),
    changedBy: uuid('changed_by'),
    changedByName: text('changed_by_name'),
    /** Names of the attributes (and 'geometry') this save changed. */
    changedFields: jsonb('changed_fields').$type<string[]>().notNull(),
    attributes: jsonb('attributes').$type<Record<string, unknown>>().notNull(),
    geom: geometry('geom', 'Geometry').notNull(),
    provinceCode: text('province_code').notNull(),
    agencyId: text('agency_id'),
  },
  (t) => [
    uniqueIndex('plan_versions_object_version_key').on(t.layer, t.objectId, t.version),
    check('plan_versions_layer_check', sql`layer IN ('zones', 'routes', 'posts')`),
  ],
);

/**
 * Personal API tokens for GIS clients (QGIS, ogr2ogr): sent as `Authorization: Bearer …`, they
 * act as their user with the user's permissions. Only a SHA-256 of the token is stored.
 */
export const apiTokens = pgTable(
  'api_tokens',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    /** The first characters of the token, shown in lists so people can tell tokens apart. */
    prefix: text('prefix').notNull(),
    tokenHash: text('token_hash').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  (t) => [uniqueIndex('api_tokens_hash_key').on(t.tokenHash), index('api_tokens_user_idx').on(t.userId)],
);


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

export const cameras = pgTable(
  'cameras',
  {
    ...mapObject,
    kind: cameraKindEnum('kind').notNull(),
    infrared: boolean('infrared').notNull().default(false),
    /** Degrees clockwise from north the camera faces. */
    bearingDeg: real('bearing_deg').notNull(),
    fovDeg: real('fov_deg').notNull(),
    rangeM: real('range_m').notNull(),
    /**
     * Reach at night; null derives it from rangeM (lib/coverage/ranges: infrared cameras keep
     * their reach, others see a fraction of it).
     */
    nightRangeM: real('night_range_m'),
    /** Upstream HLS URL (may embed credentials). Server-side only: never selected for a browser. */
    streamUrl: text('stream_url'),
    /** Optional HTTP Basic credentials for the upstream; write-only in the UI, never sent to a browser. */
    streamUsername: text('stream_username'),
    streamPassword: text('stream_password'),
    /** Health monitor state, so any instance can continue where another left off. */
    lastCheckedAt: timestamp('last_checked_at', { withTimezone: true }),
    /** Why the camera is not live, in the administrator's words (never shown to other users). */
    lastError: text('last_error'),
    /** The same reason as a code the interface translates (lib/video/probe CameraErrorCode). */
    lastErrorCode: text('last_error_code'),
    mediaSequence: bigint('media_sequence', { mode: 'number' }),
    sequenceChangedAt: timestamp('sequence_changed_at', { withTimezone: true }),
    zoneId: uuid('zone_id').references(() => zones.id, { onDelete: 'set null' }),
    facilityId: uuid('facility_id').references(() => quarantineFacilities.id, { onDelete: 'set null' }),
    status: cameraStatusEnum('status').notNull().default('unknown'),
    statusSince: timestamp('status_since', { withTimezone: true }).notNull().defaultNow(),
    retiredAt: timestamp('retired_at', { withTimezone: true }),
    geom: geometry('geom', 'Point').notNull(),
  },
  (t) => [uniqueIndex('cameras_code_key').on(t.code), index('cameras_geom_idx').using('gist', t.geom)],
);

/** Every change of a camera's status, so uptime can be computed for any period. */
export const cameraStatusChanges = pgTable(
  'camera_status_changes',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    cameraId: uuid('camera_id').notNull().references(() => cameras.id, { onDelete: 'cascade' }),
    status: cameraStatusEnum('status').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    error: text('error'),
    errorCode: text('error_code'),
  },
  (t) => [index('camera_status_changes_camera_at_idx').on(t.cameraId, t.at)],
);

/**
 * Who runs a periodic job that must run in one place at a time (the camera health monitor):
 * the holder renews its lease while it works; if it stops, another instance takes over once
 * the lease has expired.
 */
export const jobLeases = pgTable('job_leases', {
  name: text('name').primaryKey(),
  holder: text('holder').notNull(),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
});


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
    // One alert per crossing and per tip, however often they are re-sent.
    uniqueIndex('alerts_crossing_key').on(t.crossingId),
    uniqueIndex('alerts_tip_key').on(t.tipId),
    check('alerts_status_check', sql`status IN (${inList(ALERT_STATUSES)})`),
    check('alerts_severity_check', sql`severity IN ('info', 'warning', 'critical')`),
    check('alerts_outcome_check', sql`outcome IS NULL OR outcome IN ('intercepted', 'turned_back', 'false_alarm', 'no_contact', 'restored')`),
    check('alerts_intercepted_check', sql`intercepted_count IS NULL OR intercepted_count BETWEEN 1 AND 10000`),
  ],
);

/** Append-only history of every alert: who moved it from which status to which, when, with what. */
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

/**
 * Server-side sessions: the signed session cookie names one of these, and a request is signed
 * in only while its row is neither revoked, expired (absolute lifetime) nor idle. Sign-out,
 * a password change or a disabled account revoke rows, which ends the sessions at once.
 */
export const userSessions = pgTable(
  'user_sessions',
  {
    /** 256 random bits (base64url), carried inside the signed session cookie. */
    id: text('id').primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull().defaultNow(),
    /** Fixed at sign-in: renewing the cookie never extends it. */
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    revokeReason: text('revoke_reason'),
    ip: text('ip'),
    userAgent: text('user_agent'),
  },
  (t) => [index('user_sessions_user_idx').on(t.userId)],
);

/**
 * Every sign-in attempt, recorded before the password is checked so that parallel guesses see
 * each other; failures per account and per client address in a window throttle further tries.
 */
export const signInAttempts = pgTable(
  'sign_in_attempts',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    /** The username as typed, lower-cased (whether or not such an account exists). */
    account: text('account').notNull(),
    ip: text('ip'),
    /** null while the password is being checked; then true or false. */
    ok: boolean('ok'),
    throttled: boolean('throttled').notNull().default(false),
  },
  (t) => [index('sign_in_attempts_account_idx').on(t.account, t.at), index('sign_in_attempts_ip_idx').on(t.ip, t.at)],
);

/** A user's saved video-wall layouts. */
export const videoWalls = pgTable(
  'video_walls',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    layout: integer('layout').notNull(),
    cameraIds: jsonb('camera_ids').$type<(string | null)[]>().notNull(),
    ...timestamps,
  },
  (t) => [uniqueIndex('video_walls_user_name_key').on(t.userId, t.name)],
);

export const detectionClassEnum = pgEnum('detection_class', ['person', 'vehicle', 'boat', 'animal', 'unknown']);
export const borderSideEnum = pgEnum('border_side', ['vn', 'cn', 'sea']);
export const crossingDirectionEnum = pgEnum('crossing_direction', ['into_vn', 'out_of_vn']);

/** An AI camera or edge box that pushes detections, with its hashed API key. */
export const devices = pgTable(
  'devices',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    /** The cameras this device may report for. */
    cameraIds: jsonb('camera_ids').$type<string[]>().notNull(),
    /** First characters of the key, to recognise it in lists; the key itself is never stored. */
    keyPrefix: text('key_prefix').notNull(),
    keyHash: text('key_hash').notNull(),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
  },
  (t) => [uniqueIndex('devices_key_hash_key').on(t.keyHash)],
);

/** One AI detection, enriched in PostGIS when it is inserted. */
export const detections = pgTable(
  'detections',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    deviceId: uuid('device_id').notNull().references(() => devices.id),
    /** The device's own id for the event: a retried batch never duplicates it. */
    eventId: text('event_id').notNull(),
    cameraId: uuid('camera_id').notNull().references(() => cameras.id),
    observedAt: timestamp('observed_at', { withTimezone: true }).notNull(),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
    class: detectionClassEnum('class').notNull(),
    confidence: real('confidence').notNull(),
    count: integer('count').notNull().default(1),
    trackId: text('track_id'),
    side: borderSideEnum('side'),
    borderDistanceM: real('border_distance_m'),
    zoneIds: jsonb('zone_ids').$type<string[]>(),
    provinceCode: text('province_code').notNull(),
    agencyId: text('agency_id'),
    geom: geometry('geom', 'Point').notNull(),
  },
  (t) => [
    uniqueIndex('detections_device_event_key').on(t.deviceId, t.eventId),
    // Keyset pagination for the events page: (observed_at, id) in both filters and order.
    index('detections_observed_id_idx').on(t.observedAt, t.id),
    index('detections_camera_observed_idx').on(t.cameraId, t.observedAt, t.id),
    index('detections_zones_idx').using('gin', t.zoneIds),
    // A track's points in their one order, which does not depend on arrival: time, then the
    // device's event id (byte order, the same on every engine), then the device. Crossings pair
    // neighbours in this order.
    index('detections_track_order_idx').on(t.cameraId, t.trackId, t.observedAt, sql`${t.eventId} COLLATE "C"`, t.deviceId),
    index('detections_geom_idx').using('gist', t.geom),
  ],
);

/** Two consecutive points of one track on opposite sides of the border line. */
export const crossings = pgTable(
  'crossings',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    fromDetectionId: bigint('from_detection_id', { mode: 'number' }).notNull().references(() => detections.id),
    toDetectionId: bigint('to_detection_id', { mode: 'number' }).notNull().references(() => detections.id),
    cameraId: uuid('camera_id').notNull().references(() => cameras.id),
    trackId: text('track_id').notNull(),
    direction: crossingDirectionEnum('direction').notNull(),
    crossedAt: timestamp('crossed_at', { withTimezone: true }).notNull(),
    class: detectionClassEnum('class').notNull(),
    count: integer('count').notNull(),
    zoneIds: jsonb('zone_ids').$type<string[]>(),
    provinceCode: text('province_code').notNull(),
    agencyId: text('agency_id'),
    geom: geometry('geom', 'Point').notNull(),
  },
  (t) => [
    uniqueIndex('crossings_pair_key').on(t.fromDetectionId, t.toDetectionId),
    index('crossings_crossed_id_idx').on(t.crossedAt, t.id),
    index('crossings_track_idx').on(t.cameraId, t.trackId),
    index('crossings_geom_idx').using('gist', t.geom),
  ],
);

/**
 * Crossings that stopped being true: a point that arrived late fell between the two points of
 * the pair, so they were no longer consecutive. Moved here from `crossings` (which holds only
 * what is true now) with when and why, so the history stays auditable.
 */
export const crossingsRetracted = pgTable(
  'crossings_retracted',
  {
    /** The id the crossing had (alerts and live events refer to it). */
    id: bigint('id', { mode: 'number' }).primaryKey(),
    fromDetectionId: bigint('from_detection_id', { mode: 'number' }).notNull(),
    toDetectionId: bigint('to_detection_id', { mode: 'number' }).notNull(),
    cameraId: uuid('camera_id').notNull(),
    trackId: text('track_id').notNull(),
    direction: crossingDirectionEnum('direction').notNull(),
    crossedAt: timestamp('crossed_at', { withTimezone: true }).notNull(),
    class: detectionClassEnum('class').notNull(),
    count: integer('count').notNull(),
    provinceCode: text('province_code').notNull(),
    agencyId: text('agency_id'),
    geom: geometry('geom', 'Point').notNull(),
    retractedAt: timestamp('retracted_at', { withTimezone: true }).notNull().defaultNow(),
    /** The late detection that fell between the pair's points. */
    splitByDetectionId: bigint('split_by_detection_id', { mode: 'number' }).notNull(),
    reason: text('reason').notNull(),
  },
  (t) => [index('crossings_retracted_at_idx').on(t.retractedAt)],
);

/** n0…n9: how many detections had confidence ≥ 0.0 … 0.9, the counts every rollup keeps. */
const decileCounts = () => ({
  n0: integer('n0').notNull(),
  n1: integer('n1').notNull(),
  n2: integer('n2').notNull(),
  n3: integer('n3').notNull(),
  n4: integer('n4').notNull(),
  n5: integer('n5').notNull(),
  n6: integer('n6').notNull(),
  n7: integer('n7').notNull(),
  n8: integer('n8').notNull(),
  n9: integer('n9').notNull(),
});

/** A JPEG a device sent with a detection: kept apart so detection scans never read image bytes. */
export const detectionSnapshots = pgTable('detection_snapshots', {
  detectionId: bigint('detection_id', { mode: 'number' })
    .primaryKey()
    .references(() => detections.id),
  jpeg: bytea('jpeg').notNull(),
  bytes: integer('bytes').notNull(),
});

/**
 * Detections counted per hour, camera, class and ~200 m cell (fed from detection_cells_pending),
 * so heatmaps over months read thousands of rows rather than millions.
 * n0…n9: how many detections had confidence ≥ 0.0 … 0.9 (a minimum-confidence filter picks one).
 */
export const detectionCellsHourly = pgTable(
  'detection_cells_hourly',
  {
    hour: timestamp('hour', { withTimezone: true }).notNull(),
    cameraId: uuid('camera_id').notNull(),
    class: detectionClassEnum('class').notNull(),
    cellX: integer('cell_x').notNull(),
    cellY: integer('cell_y').notNull(),
    ...decileCounts(),
  },
  (t) => [primaryKey({ columns: [t.hour, t.cameraId, t.class, t.cellX, t.cellY] })],
);

/** Detections per hour, camera, class and ~1 km cell (0.01°): province-wide views of hours and days. */
export const detectionCellsHourlyCoarse = pgTable(
  'detection_cells_hourly_coarse',
  {
    hour: timestamp('hour', { withTimezone: true }).notNull(),
    cameraId: uuid('camera_id').notNull(),
    class: detectionClassEnum('class').notNull(),
    cellX: integer('cell_x').notNull(),
    cellY: integer('cell_y').notNull(),
    ...decileCounts(),
  },
  (t) => [primaryKey({ columns: [t.hour, t.cameraId, t.class, t.cellX, t.cellY] })],
);

/** Detections per hour, zone, camera and class: per-zone counts (and their hourly series). */
export const detectionZonesHourly = pgTable(
  'detection_zones_hourly',
  {
    hour: timestamp('hour', { withTimezone: true }).notNull(),
    zoneId: uuid('zone_id').notNull(),
    cameraId: uuid('camera_id').notNull(),
    class: detectionClassEnum('class').notNull(),
    ...decileCounts(),
  },
  (t) => [primaryKey({ columns: [t.hour, t.zoneId, t.cameraId, t.class] })],
);

/**
 * Detections per local day, day/night, camera, class and ~1 km cell (0.01°): what heatmaps of
 * weeks and months read. Folded from the pending counts like the hourly table.
 */
export const detectionCellsDaily = pgTable(
  'detection_cells_daily',
  {
    day: date('day').notNull(),
    /** 18:00–05:59 Asia/Ho_Chi_Minh (lib/detections/filters NIGHT_FROM_HOUR/NIGHT_TO_HOUR). */
    night: boolean('night').notNull(),
    cameraId: uuid('camera_id').notNull(),
    class: detectionClassEnum('class').notNull(),
    cellX: integer('cell_x').notNull(),
    cellY: integer('cell_y').notNull(),
    ...decileCounts(),
  },
  (t) => [primaryKey({ columns: [t.day, t.night, t.cameraId, t.class, t.cellX, t.cellY] })],
);

/** Detections per local day, day/night, zone, camera and class: the per-zone counts of long periods. */
export const detectionZonesDaily = pgTable(
  'detection_zones_daily',
  {
    day: date('day').notNull(),
    night: boolean('night').notNull(),
    zoneId: uuid('zone_id').notNull(),
    cameraId: uuid('camera_id').notNull(),
    class: detectionClassEnum('class').notNull(),
    ...decileCounts(),
  },
  (t) => [primaryKey({ columns: [t.day, t.night, t.zoneId, t.cameraId, t.class] })],
);

/**
 * Cell counts of recent ingest batches, appended without locks (concurrent batches would
 * otherwise queue on the same hot cells) and folded into detection_cells_hourly every few
 * seconds by a job. Readers use the detection_cells view, the sum of both, so they are exact.
 */
export const detectionCellsPending = pgTable('detection_cells_pending', {
  hour: timestamp('hour', { withTimezone: true }).notNull(),
  cameraId: uuid('camera_id').notNull(),
  class: detectionClassEnum('class').notNull(),
  cellX: integer('cell_x').notNull(),
  cellY: integer('cell_y').notNull(),
  n0: integer('n0').notNull(),
  n1: integer('n1').notNull(),
  n2: integer('n2').notNull(),
  n3: integer('n3').notNull(),
  n4: integer('n4').notNull(),
  n5: integer('n5').notNull(),
  n6: integer('n6').notNull(),
  n7: integer('n7').notNull(),
  n8: integer('n8').notNull(),
  n9: integer('n9').notNull(),
});

/**
 * The live journal: every event browsers are told about, in the order the transactions that
 * published them committed. `seq` is that order — given at commit by a deferred trigger under a
 * short lock (migration 0025), so a row with a lower `seq` can never become visible after one
 * with a higher `seq`. NOTIFY carries `seq`; a browser reconnecting with Last-Event-ID is replayed
 * exactly the rows after it. Pruned after an hour.
 */
export const liveEventsSeq = pgSequence('live_events_seq');
export const liveEvents = pgTable(
  'live_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    seq: bigint('seq', { mode: 'number' }),
    topic: text('topic').notNull(),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
    provinceCode: text('province_code').notNull(),
    agencyId: text('agency_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('live_events_created_idx').on(t.createdAt), uniqueIndex('live_events_seq_idx').on(t.seq)],
);

/** Append-only: a trigger (migration 0002) refuses UPDATE, DELETE and TRUNCATE. */
export const auditLog = pgTable(
  'audit_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    actorId: uuid('actor_id'),
    actorName: text('actor_name'),
    action: text('action').notNull(),
    targetType: text('target_type'),
    targetId: text('target_id'),
    ip: text('ip'),
    details: jsonb('details').$type<Record<string, unknown>>(),
  },
  (t) => [index('audit_log_at_idx').on(t.at), index('audit_log_actor_idx').on(t.actorId, t.at)],
);

/** Small key/value facts about the installation, e.g. which demo seed version has run. */
export const appMeta = pgTable('app_meta', {
  key: text('key').primaryKey(),
  value: jsonb('value').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

export type Role = (typeof roleEnum.enumValues)[number];
export type ZoneKind = (typeof zoneKindEnum.enumValues)[number];
export type CheckpointKind = (typeof checkpointKindEnum.enumValues)[number];
export type CameraKind = (typeof cameraKindEnum.enumValues)[number];
export type CameraStatus = (typeof cameraStatusEnum.enumValues)[number];
export type AgencyKind = (typeof agencyKindEnum.enumValues)[number];

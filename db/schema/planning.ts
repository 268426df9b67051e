// What planners draw: zones, patrol routes, posts (checkpoints), and every saved version of them.
import { sql } from 'drizzle-orm';
import { bigserial, boolean, check, index, integer, jsonb, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { PLAN_KINDS } from '../../lib/domain/plan-layers';
import { geometry } from './columns';
import { mapObject, plannedObject } from './map-objects';

export const zoneKindEnum = pgEnum('zone_kind', PLAN_KINDS.zones);

export const checkpointKindEnum = pgEnum('checkpoint_kind', PLAN_KINDS.posts);

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

export type ZoneKind = (typeof zoneKindEnum.enumValues)[number];

export type CheckpointKind = (typeof checkpointKindEnum.enumValues)[number];

// The layers planners draw: their names, kinds, geometry and the permission writing each needs.
// Shared by the schema (enums), the API, the import and the drawing panel; the attribute
// parsers are in lib/planning/layers.ts.
import type { Action } from '@/lib/domain/roles';

export const PLAN_LAYERS = ['zones', 'routes', 'posts'] as const;
export type PlanLayer = (typeof PLAN_LAYERS)[number];

export const PLAN_SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;
export type PlanSeverity = (typeof PLAN_SEVERITIES)[number];

export const PLAN_KINDS = {
  zones: ['hotspot', 'restricted', 'patrol_sector', 'quarantine_perimeter'],
  routes: ['foot_patrol', 'vehicle_patrol', 'boat_patrol'],
  posts: ['border_gate', 'control_post', 'joint_station', 'wharf'],
} as const satisfies Record<PlanLayer, readonly string[]>;

/** A new object's kind until the planner picks one (never a hotspot: those raise alerts). */
export const DEFAULT_KIND: Record<PlanLayer, string> = { zones: 'restricted', routes: 'foot_patrol', posts: 'control_post' };

/** The geometry a layer stores; a drawn Polygon is stored as a MultiPolygon of one part. */
export const PLAN_GEOMETRY = {
  zones: ['Polygon', 'MultiPolygon'],
  routes: ['LineString'],
  posts: ['Point'],
} as const satisfies Record<PlanLayer, readonly string[]>;

export const PLAN_WRITE_ACTION: Record<PlanLayer, Action> = {
  zones: 'zone:write',
  routes: 'zone:write',
  posts: 'checkpoint:write',
};

export type PlanAttributes = {
  name: string;
  nameEn?: string | null;
  kind: string;
  severity: PlanSeverity;
  notes?: string | null;
  agencyId?: string | null;
};

/** Attribute names as they are compared between versions ('geometry' is the shape). */
export const PLAN_FIELDS = ['name', 'nameEn', 'kind', 'severity', 'notes', 'agencyId'] as const;

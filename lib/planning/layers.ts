// The layers planners draw: what each holds, which geometry it takes and which permission
// writing it needs. Shared by the API, the import and the drawing panel.
import { z } from 'zod';
import type { Action } from '@/lib/auth/permissions';
import { plainText } from '@/lib/api/schemas';

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

export const planLayerSchema = z.enum(PLAN_LAYERS);

const text = plainText;

/** The attribute form: the same fields for every layer, the kind from the layer's list. */
export function planAttributesSchema(layer: PlanLayer) {
  // Built once per layer: a zod object schema compiles its parser on first use, and imports
  // check tens of thousands of features with it.
  return (attributeSchemas[layer] ??= buildAttributesSchema(layer));
}

function buildAttributesSchema(layer: PlanLayer) {
  return z
    .object({
      name: text(120).pipe(z.string().min(1, 'name is required')),
      nameEn: text(120).nullish(),
      kind: z.enum(PLAN_KINDS[layer] as unknown as [string, ...string[]]),
      severity: z.enum(PLAN_SEVERITIES).default('medium'),
      notes: text(2000).nullish(),
      agencyId: z.string().max(64).nullish(),
    })
    .strict();
}
const attributeSchemas: Partial<Record<PlanLayer, ReturnType<typeof buildAttributesSchema>>> = {};

/** A change of some attributes: fields left out keep their values (no defaults applied). */
export function planAttributesPatchSchema(layer: PlanLayer) {
  return z
    .object({
      name: text(120).pipe(z.string().min(1, 'name is required')).optional(),
      nameEn: text(120).nullish(),
      kind: z.enum(PLAN_KINDS[layer] as unknown as [string, ...string[]]).optional(),
      severity: z.enum(PLAN_SEVERITIES).optional(),
      notes: text(2000).nullish(),
      agencyId: z.string().max(64).nullish(),
    })
    .strict();
}
export type PlanAttributesPatch = Partial<PlanAttributes>;

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

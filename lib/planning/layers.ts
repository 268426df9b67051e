// The attribute parsers of the layers planners draw (the layers themselves: lib/domain/plan-layers.ts).
import { z } from 'zod';
import { plainText } from '@/lib/api/schemas';
import { PLAN_KINDS, PLAN_LAYERS, PLAN_SEVERITIES, type PlanAttributes, type PlanLayer } from '@/lib/domain/plan-layers';

// The names are the bottom layer's; importers of this module get them here too.
export * from '@/lib/domain/plan-layers';

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


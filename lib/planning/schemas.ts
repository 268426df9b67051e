// Request bodies of the planning API (app/api/plans), validated before anything is read.
import { z } from 'zod';
import { uuidSchema } from '@/lib/api/schemas';
import { planAttributesPatchSchema, planAttributesSchema, planLayerSchema, type PlanLayer } from '@/lib/planning/layers';

export const planLayerParams = z.object({ layer: planLayerSchema });
export const planObjectParams = z.object({ layer: planLayerSchema, id: uuidSchema });

const version = z.number().int().min(1).max(1_000_000_000);

/** The geometry is checked by lib/planning/geometry-check and PostGIS, not by the schema. */
export const createBodySchema = (layer: PlanLayer) =>
  z.object({ attributes: planAttributesSchema(layer), geometry: z.unknown(), acceptRepair: z.boolean().optional() }).strict();

export const updateBodySchema = (layer: PlanLayer) =>
  z
    .object({ baseVersion: version, attributes: planAttributesPatchSchema(layer).optional(), geometry: z.unknown().optional(), acceptRepair: z.boolean().optional() })
    .strict();

export const retireQuerySchema = z.object({ baseVersion: z.coerce.number().int().min(1).max(1_000_000_000) });
export const restoreBodySchema = z.object({ version, baseVersion: version }).strict();
export const validateBodySchema = z.object({ geometry: z.unknown() }).strict();

import { z } from 'zod';
import { COVERAGE_PERIODS } from '@/lib/coverage/ranges';
import { BASEMAP_BOUNDS } from '@/lib/domain/region';

// What the coverage routes accept, shared with the map's proposed-camera form and the OpenAPI
// document. A proposed camera is never stored: it only shows what it would add.

/** At most this many proposed cameras in one preview. */
export const MAX_PROPOSED_CAMERAS = 20;
export const MAX_PROPOSED_RANGE_M = 20_000;

const [WEST, SOUTH, EAST, NORTH] = BASEMAP_BOUNDS;

/** A province code such as VN-13. */
export const provinceCodeSchema = z.string().regex(/^[A-Z]{2}-[A-Z0-9]{1,3}$/, 'must be a province code such as VN-13');

export const periodSchema = z.enum(COVERAGE_PERIODS);

export const coverageQuerySchema = z
  .object({
    period: periodSchema.default('day'),
    province: provinceCodeSchema.optional(),
  })
  .strict();

export const proposedCameraSchema = z
  .object({
    // Within the area the map covers: a camera elsewhere cannot watch this border.
    lon: z.number().finite().min(WEST).max(EAST),
    lat: z.number().finite().min(SOUTH).max(NORTH),
    bearingDeg: z.number().finite().min(0).max(360),
    fovDeg: z.number().finite().min(1).max(360),
    rangeM: z.number().finite().min(1).max(MAX_PROPOSED_RANGE_M),
    infrared: z.boolean().default(false),
    /** Reach at night when known; otherwise derived (lib/coverage/ranges). */
    nightRangeM: z.number().finite().min(0).max(MAX_PROPOSED_RANGE_M).nullable().optional(),
  })
  .strict();
export type ProposedCamera = z.infer<typeof proposedCameraSchema>;

export const coveragePreviewSchema = z
  .object({
    period: periodSchema.default('day'),
    province: provinceCodeSchema.optional(),
    cameras: z.array(proposedCameraSchema).min(1).max(MAX_PROPOSED_CAMERAS),
  })
  .strict();

export const kmAtQuerySchema = z
  .object({
    // Within the map's area: a km mark for a point hundreds of km from the border means nothing.
    lon: z.coerce.number().finite().min(WEST).max(EAST),
    lat: z.coerce.number().finite().min(SOUTH).max(NORTH),
    province: provinceCodeSchema.optional(),
  })
  .strict();

export const kmMarkersQuerySchema = z.object({ province: provinceCodeSchema.optional() }).strict();

import { z } from 'zod';
import { DETECTION_CLASSES, MAX_PERIOD_DAYS, type DetectionClass, type EventFilter } from '@/lib/domain/detections';

// The names are the bottom layer's; importers of this module get them here too.
export * from '@/lib/domain/detections';

const DAY_MS = 86_400_000;

/**
 * The one filter for detections and crossings, as query parameters: heatmaps, the events page
 * and exports all read it, so "what the map shows" and "what was exported" are the same rows.
 */
const filterShape = {
    from: z.iso.datetime({ offset: true }).optional(),
    to: z.iso.datetime({ offset: true }).optional(),
    /** Comma-separated classes. */
    class: z
      .string()
      .optional()
      .transform((s, ctx) => {
        if (!s) return undefined;
        const list = [...new Set(s.split(',').map((c) => c.trim()).filter(Boolean))];
        const bad = list.filter((c) => !(DETECTION_CLASSES as readonly string[]).includes(c));
        if (bad.length > 0) {
          ctx.addIssue({ code: 'custom', message: `unknown class ${bad.join(', ')}; expected ${DETECTION_CLASSES.join(', ')}` });
          return z.NEVER;
        }
        return list as DetectionClass[];
      }),
    zone: z.uuid().optional(),
    camera: z.uuid().optional(),
    /** In steps of 0.1, the resolution of the hourly counts; finer values are refused rather than rounded. */
    minConfidence: z.coerce
      .number()
      .min(0)
      .max(0.9)
      .refine((n) => Math.abs(n * 10 - Math.round(n * 10)) < 1e-9, 'minConfidence must be a multiple of 0.1')
      .default(0),
    daynight: z.enum(['all', 'day', 'night']).default('all'),
    direction: z.enum(['into_vn', 'out_of_vn']).optional(),
};

/** The filter plus a route's own parameters, validated together (unknown parameters are refused). */
export function withEventFilter<E extends z.ZodRawShape>(extra: E) {
  const base = z.object({ ...filterShape, ...extra }).strict();
  type Parsed = z.output<typeof base>;
  return base
    .transform((value) => {
      // Generic shapes defeat inference of the destructured fields; the shape above guarantees them.
      const { from, to, ...rest } = value as Parsed & { from?: string; to?: string };
      const end = to ? new Date(to) : new Date();
      return { ...rest, from: from ? new Date(from) : new Date(end.getTime() - DAY_MS), to: end };
    })
    .refine((f) => f.from < f.to, 'from must be before to')
    .refine((f) => f.to.getTime() - f.from.getTime() <= MAX_PERIOD_DAYS * DAY_MS, `period longer than ${MAX_PERIOD_DAYS} days`);
}

export const eventFilterSchema = withEventFilter({});
// The parser's output is the bottom layer's EventFilter (checked here, where both are known).
const _parsedIsEventFilter = (f: z.output<typeof eventFilterSchema>): EventFilter => f;
void _parsedIsEventFilter;

/** Which events a list, heatmap or export is about. */
export const eventKindSchema = z.enum(['detections', 'crossings']).default('detections');

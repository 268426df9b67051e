import { z } from 'zod';

const DAY_MS = 86_400_000;

/** `from`/`to` query parameters (ISO 8601); defaults to the last 24 hours; at most a year. */
export const periodSchema = z
  .object({
    from: z.iso.datetime({ offset: true }).transform((s) => new Date(s)).optional(),
    to: z.iso.datetime({ offset: true }).transform((s) => new Date(s)).optional(),
  })
  .strict()
  .transform(({ from, to }) => {
    const end = to ?? new Date();
    return { from: from ?? new Date(end.getTime() - DAY_MS), to: end };
  })
  .refine((p) => p.from < p.to, 'from must be before to')
  .refine((p) => p.to.getTime() - p.from.getTime() <= 366 * DAY_MS, 'period longer than a year');

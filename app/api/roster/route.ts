import { z } from 'zod';
import { getRosterGrid } from '@/db/queries/roster';
import { apiRoute, readJsonBody } from '@/lib/api/handler';
import { uuidSchema } from '@/lib/api/schemas';
import { applyRosterChanges, rosterChangesSchema } from '@/lib/roster/manage';
import { formatShiftStart } from '@/lib/domain/shifts';
import { getSettings } from '@/lib/settings';
import { isLocalDate, localDateOf } from '@/lib/domain/local-time';

export const dynamic = 'force-dynamic';

const query = z
  .object({
    from: z.string().refine(isLocalDate, 'must be a date (YYYY-MM-DD)').optional(),
    days: z.coerce.number().int().min(1).max(31).default(7),
    post: uuidSchema.optional(),
  })
  .strict();

/** The roster of a period: posts, their teams, and who holds each post in each shift. */
export const GET = apiRoute({ action: 'roster:read', query }, async ({ query, database, scope }) => {
  const from = query.from ?? localDateOf(new Date());
  const shiftStarts = getSettings().SHIFT_STARTS;
  const grid = await getRosterGrid(database, scope, from, query.days, query.post ? [query.post] : undefined);
  return { from, days: query.days, shifts: shiftStarts.map(formatShiftStart), ...grid };
});

/** Assigns teams to shifts (or clears them), many at once; every change is audited. */
export const PUT = apiRoute({ action: 'roster:write' }, async ({ req, database, user, ip }) => {
  const input = await readJsonBody(req, rosterChangesSchema, 1024 * 1024);
  return applyRosterChanges(database, user, input, getSettings().SHIFT_STARTS, ip);
});

import { z } from 'zod';
import { ALERT_KINDS, ALERT_SEVERITIES, ALERT_STATUSES, RESOLUTION_OUTCOMES, SNOOZE_MINUTES } from '@/lib/domain/alerts';
import { storableText, uuidSchema } from '@/lib/api/schemas';

// What a person may send to move an alert, validated the same way by the API and its OpenAPI.

/** The group version the person saw (a 48-bit hash of its members and their versions, see db/queries/alerts). */
const version = z.number().int().min(0).max(2 ** 48 - 1);
const note = storableText(2_000).optional();

export const transitionSchema = z.discriminatedUnion('action', [
  z.object({ action: z.literal('acknowledge'), version, note }).strict(),
  z.object({ action: z.literal('dispatch'), version, teamIds: z.array(uuidSchema).min(1).max(10), note }).strict(),
  z
    .object({
      action: z.literal('resolve'),
      version,
      outcome: z.enum(RESOLUTION_OUTCOMES),
      interceptedCount: z.number().int().min(1).max(10_000).optional(),
      note,
    })
    .strict()
    .superRefine((v, ctx) => {
      if (v.outcome === 'intercepted' && v.interceptedCount === undefined) {
        ctx.addIssue({ code: 'custom', path: ['interceptedCount'], message: 'an interception needs the number of people intercepted' });
      }
      if (v.outcome !== 'intercepted' && v.interceptedCount !== undefined) {
        ctx.addIssue({ code: 'custom', path: ['interceptedCount'], message: 'only an interception has a number of people intercepted' });
      }
    }),
  z
    .object({
      action: z.literal('dismiss'),
      version,
      reason: storableText(1_000).transform((s) => s.trim()).pipe(z.string().min(3, 'a dismissal needs a reason of at least 3 characters')),
      note,
    })
    .strict(),
  z
    .object({
      action: z.literal('snooze'),
      version,
      minutes: z.number().int().refine((m) => (SNOOZE_MINUTES as readonly number[]).includes(m), `one of ${SNOOZE_MINUTES.join(', ')} minutes`),
      reason: storableText(500).transform((s) => s.trim()).pipe(z.string().min(3, 'a snooze needs a reason of at least 3 characters')),
    })
    .strict(),
  z.object({ action: z.literal('unsnooze'), version }).strict(),
  /** Assign to an operator (null: unassign); with a note it is a hand-over. */
  z.object({ action: z.literal('assign'), version, userId: uuidSchema.nullable(), note }).strict(),
  z.object({ action: z.literal('prioritize'), version, priority: z.union([z.literal(0), z.literal(1), z.literal(2)]) }).strict(),
]);
export type TransitionInput = z.infer<typeof transitionSchema>;

export const dispatchReportSchema = z
  .object({ report: storableText(4_000).transform((s) => s.trim()).pipe(z.string().min(1, 'the report is empty')) })
  .strict();

const csv = <T extends z.ZodType<string, string>>(item: T) =>
  z
    .string()
    .max(500)
    .transform((s) => s.split(',').map((x) => x.trim()).filter(Boolean))
    .pipe(z.array(item).max(20));

/** Inbox filters: open (default), closed, all, or one status; kinds, severities, zone, period. */
export const alertListQuery = z.object({
  state: z.enum(['open', 'closed', 'all', ...ALERT_STATUSES]).default('open'),
  kind: csv(z.enum(ALERT_KINDS)).optional(),
  severity: csv(z.enum(ALERT_SEVERITIES)).optional(),
  zone: uuidSchema.optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  /** attention (default): new first, then severity, then newest; time: newest first. */
  sort: z.enum(['attention', 'time']).default('attention'),
  limit: z.coerce.number().int().min(1).max(500).default(200),
});
export type AlertListQuery = z.infer<typeof alertListQuery>;

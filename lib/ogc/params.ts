import { z } from 'zod';
import { bboxSchema } from '@/lib/domain/bbox';

// Query parameters of the OGC API – Features routes. Unknown parameters are refused (400), as
// the standard allows, so a misspelt filter never silently returns everything.

export const DEFAULT_LIMIT = 100;
export const MAX_LIMIT = 10_000;

/** `f=json`: the one encoding served (JSON; GeoJSON for features). */
export const formatParam = z.enum(['json'], { message: 'f must be json (the only encoding served)' }).optional();

const wholeNumber = (name: string, min: number, max: number) =>
  z
    .string()
    .regex(/^\d+$/, `${name} must be a whole number`)
    .transform(Number)
    .pipe(z.number().int().min(min, `${name} must be at least ${min}`).max(max, `${name} must be at most ${max}`));

const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A real calendar day (2026-02-30 is not). */
function validDay(y: string, m: string, d: string): boolean {
  const day = new Date(Date.UTC(Number(y), Number(m) - 1, Number(d)));
  return day.getUTCFullYear() === Number(y) && day.getUTCMonth() === Number(m) - 1 && day.getUTCDate() === Number(d);
}

/**
 * One end of a `datetime` value: an RFC 3339 date-time, or a date meaning that whole day (UTC).
 * Returns the instant the end stands for, or null when it is not a valid value.
 */
function parseEnd(text: string, side: 'start' | 'end'): Date | null {
  const dt = DATE_TIME.exec(text);
  if (dt) {
    if (!validDay(dt[1]!, dt[2]!, dt[3]!) || Number(dt[4]) > 23 || Number(dt[5]) > 59 || Number(dt[6]) > 60) return null;
    const at = new Date(text.toUpperCase());
    return Number.isNaN(at.getTime()) ? null : at;
  }
  const d = DATE.exec(text);
  if (!d || !validDay(d[1]!, d[2]!, d[3]!)) return null;
  const start = Date.UTC(Number(d[1]), Number(d[2]) - 1, Number(d[3]));
  return new Date(side === 'start' ? start : start + 86_400_000 - 1);
}

export interface TimeRange {
  start: Date | null;
  end: Date | null;
}

/**
 * `datetime`: an instant (`2026-11-01T08:00:00Z`, or a date for the whole day) or an interval
 * `start/end` whose open end is `..` or empty. Both ends inclusive.
 */
export const datetimeParam = z.string().transform((text, ctx): TimeRange => {
  const refuse = (message: string) => {
    ctx.addIssue({ code: 'custom', message });
    return z.NEVER;
  };
  const parts = text.split('/');
  if (parts.length > 2) return refuse('datetime must be an instant or an interval start/end');
  if (parts.length === 1) {
    const start = parseEnd(parts[0]!, 'start');
    const end = parseEnd(parts[0]!, 'end');
    if (!start || !end) return refuse('datetime must be an RFC 3339 date-time (2026-11-01T08:00:00Z) or date, or an interval start/end with .. for an open end');
    return { start, end };
  }
  const [a, b] = parts.map((p) => p.trim()) as [string, string];
  const open = (p: string) => p === '..' || p === '';
  if (open(a) && open(b)) return { start: null, end: null };
  const start = open(a) ? null : parseEnd(a, 'start');
  const end = open(b) ? null : parseEnd(b, 'end');
  if ((!open(a) && !start) || (!open(b) && !end)) return refuse('each end of a datetime interval must be an RFC 3339 date-time or date, or .. for an open end');
  if (start && end && start > end) return refuse('datetime interval starts after it ends');
  return { start, end };
});

export const metadataQuery = z.object({ f: formatParam }).strict();

export const itemsQuery = z
  .object({
    bbox: bboxSchema.optional(),
    limit: wholeNumber('limit', 1, MAX_LIMIT).default(DEFAULT_LIMIT),
    offset: wholeNumber('offset', 0, 1_000_000_000).default(0),
    datetime: datetimeParam.optional(),
    f: formatParam,
  })
  .strict();
export type ItemsQuery = z.infer<typeof itemsQuery>;

// Viet Nam's local calendar (Asia/Ho_Chi_Minh). The country has kept UTC+7 all year since 1975,
// so a local date and wall time map to an instant by a fixed offset; a unit test checks this
// against the IANA database through Intl for every day of several years.

export const LOCAL_OFFSET_MS = 7 * 3_600_000;
export const DAY_MS = 86_400_000;

/** A local calendar date, YYYY-MM-DD. */
export type LocalDate = string;

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isLocalDate(value: string): value is LocalDate {
  const m = DATE_RE.exec(value);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === value;
}

/** The local date an instant falls on. */
export function localDateOf(instant: Date | number): LocalDate {
  const ms = typeof instant === 'number' ? instant : instant.getTime();
  return new Date(ms + LOCAL_OFFSET_MS).toISOString().slice(0, 10);
}

/** The instant of local midnight starting the day an instant falls on. */
export function localDayStart(instant: Date | number): number {
  const ms = typeof instant === 'number' ? instant : instant.getTime();
  return Math.floor((ms + LOCAL_OFFSET_MS) / DAY_MS) * DAY_MS - LOCAL_OFFSET_MS;
}

/** The instant of a local date at a number of minutes after its midnight (may run past 24 h). */
export function localInstant(date: LocalDate, minutesAfterMidnight = 0): Date {
  if (!isLocalDate(date)) throw new RangeError(`not a date: ${date}`);
  return new Date(Date.parse(`${date}T00:00:00Z`) - LOCAL_OFFSET_MS + minutesAfterMidnight * 60_000);
}

/** The local date `days` after (or before) another. */
export function addDays(date: LocalDate, days: number): LocalDate {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** Minutes since local midnight of an instant. */
export function localMinuteOfDay(instant: Date | number): number {
  const ms = typeof instant === 'number' ? instant : instant.getTime();
  return Math.floor((ms - localDayStart(ms)) / 60_000);
}

/** An instant as Viet Nam's wall clock for a form: { date: '29/11/2026', time: '21:03' } (day first, 24-hour). */
export function toLocalFields(instant: Date | number | string): { date: string; time: string } {
  const shifted = new Date(new Date(instant).getTime() + LOCAL_OFFSET_MS).toISOString();
  return { date: `${shifted.slice(8, 10)}/${shifted.slice(5, 7)}/${shifted.slice(0, 4)}`, time: shifted.slice(11, 16) };
}

/** The instant a form's day-first date and 24-hour time name in Viet Nam, or null when they name none. */
export function fromLocalFields(date: string, time: string): Date | null {
  const d = /^\s*(\d{1,2})\/(\d{1,2})\/(\d{4})\s*$/.exec(date);
  const t = /^\s*(\d{1,2}):(\d{2})\s*$/.exec(time);
  if (!d || !t) return null;
  const [day, month, year, hour, minute] = [Number(d[1]), Number(d[2]), Number(d[3]), Number(t[1]), Number(t[2])];
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59) return null;
  const ms = Date.UTC(year, month - 1, day, hour, minute) - LOCAL_OFFSET_MS;
  // 31/02 would roll over into March: refuse instead.
  const back = toLocalFields(ms);
  return back.date === `${String(day).padStart(2, '0')}/${String(month).padStart(2, '0')}/${year}` ? new Date(ms) : null;
}

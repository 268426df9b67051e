// The 24/7 shift plan: a day is cut into shifts at fixed local times (three by default,
// 06:00, 14:00 and 22:00). The last shift of a day runs past midnight into the next one and
// still belongs to the day it started on, which is how duty rosters are written.

import { addDays, localDateOf, localInstant, localMinuteOfDay, type LocalDate } from '@/lib/domain/local-time';

export const DEFAULT_SHIFT_STARTS = ['06:00', '14:00', '22:00'];

/** One shift: the local date it starts on, its number that day (0-based) and its instants. */
export interface Shift {
  date: LocalDate;
  index: number;
  start: Date;
  end: Date;
}

const HHMM = /^([01]\d|2[0-3]):([0-5]\d)$/;

/**
 * Shift start times ("HH:MM", local) as minutes after midnight, sorted. Throws with a reason
 * for anything that is not a usable plan: 1 to 12 distinct times.
 */
export function parseShiftStarts(values: readonly string[]): number[] {
  if (values.length < 1 || values.length > 12) throw new RangeError('a shift plan has 1 to 12 shifts a day');
  const minutes = values.map((v) => {
    const m = HHMM.exec(v.trim());
    if (!m) throw new RangeError(`"${v}" is not a time of day (HH:MM)`);
    return Number(m[1]) * 60 + Number(m[2]);
  });
  const sorted = [...new Set(minutes)].sort((a, b) => a - b);
  if (sorted.length !== minutes.length) throw new RangeError('shift start times must be distinct');
  return sorted;
}

/** The shift `index` of a local date. */
export function shiftOf(date: LocalDate, index: number, starts: readonly number[]): Shift {
  if (!Number.isInteger(index) || index < 0 || index >= starts.length) throw new RangeError(`no shift ${index}`);
  const startMinute = starts[index]!;
  const endMinute = index + 1 < starts.length ? starts[index + 1]! : starts[0]! + 24 * 60;
  return { date, index, start: localInstant(date, startMinute), end: localInstant(date, endMinute) };
}

/** The shift an instant falls in (before the day's first start, it is the previous day's last shift). */
export function shiftAt(instant: Date | number, starts: readonly number[]): Shift {
  const minute = localMinuteOfDay(instant);
  const date = localDateOf(instant);
  let index = -1;
  for (let i = 0; i < starts.length; i++) if (starts[i]! <= minute) index = i;
  return index < 0 ? shiftOf(addDays(date, -1), starts.length - 1, starts) : shiftOf(date, index, starts);
}

export function nextShift(shift: Shift, starts: readonly number[]): Shift {
  return shift.index + 1 < starts.length ? shiftOf(shift.date, shift.index + 1, starts) : shiftOf(addDays(shift.date, 1), 0, starts);
}

export function previousShift(shift: Shift, starts: readonly number[]): Shift {
  return shift.index > 0 ? shiftOf(shift.date, shift.index - 1, starts) : shiftOf(addDays(shift.date, -1), starts.length - 1, starts);
}

/** Every shift of `days` local dates from `from`, in order. */
export function shiftsOfDays(from: LocalDate, days: number, starts: readonly number[]): Shift[] {
  const out: Shift[] = [];
  for (let d = 0; d < days; d++) for (let i = 0; i < starts.length; i++) out.push(shiftOf(addDays(from, d), i, starts));
  return out;
}

/** "06:00" from minutes after midnight. */
export function formatShiftStart(minutes: number): string {
  const m = ((minutes % 1440) + 1440) % 1440;
  return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
}

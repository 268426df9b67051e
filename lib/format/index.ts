// The one formatting module: every date, time, number, distance, area, bearing and duration the
// interface or an export shows goes through here, in the reader's language and always in Viet
// Nam's time (Asia/Ho_Chi_Minh, UTC+7 all year). Pure Intl, the same on server and browser.

import { TIME_ZONE } from '@/lib/domain/region';
import { LOCAL_OFFSET_MS } from '@/lib/domain/local-time';

export type FormatLocale = 'vi' | 'en';

/** English is written for an operations center in Viet Nam: day first, 24-hour clock. */
const INTL_LOCALE: Record<FormatLocale, string> = { vi: 'vi-VN', en: 'en-GB' };

const UNITS: Record<FormatLocale, { m: string; km: string; ha: string; m2: string; km2: string; s: string; min: string; h: string; d: string }> = {
  vi: { m: 'm', km: 'km', ha: 'ha', m2: 'm²', km2: 'km²', s: 'giây', min: 'phút', h: 'giờ', d: 'ngày' },
  en: { m: 'm', km: 'km', ha: 'ha', m2: 'm²', km2: 'km²', s: 's', min: 'min', h: 'h', d: 'd' },
};

export interface Formats {
  locale: FormatLocale;
  /** 21:03 29/11/2026 (vi) · 29/11/2026, 21:03 (en) */
  dateTime(value: Date | string | number): string;
  /** …with seconds */
  dateTimeSeconds(value: Date | string | number): string;
  /** 29/11/2026 */
  date(value: Date | string | number): string;
  /** 21:03 */
  time(value: Date | string | number): string;
  /** 21:03:04 */
  timeSeconds(value: Date | string | number): string;
  /** Th 2, 29/11 21:00 (vi) · Mon 29/11, 21:00 (en): an hour of a series */
  dayHour(value: Date | string | number): string;
  /** Th 2, 29/11 (vi) · Mon 29/11 (en): a day of a series */
  dayShort(value: Date | string | number): string;
  /** 29/11: a day on a tight axis */
  dayMonth(value: Date | string | number): string;
  number(value: number, maximumFractionDigits?: number): string;
  /** 0.87 → 87 % (vi: 87%) */
  percent(fraction: number, maximumFractionDigits?: number): string;
  /** metres → "850 m" or "1,25 km" */
  distance(metres: number): string;
  /** square metres → m², ha or km² */
  area(squareMetres: number): string;
  /** bytes → "850 kB", "1,2 MB", "3,4 GB" (decimal units, as disks are sold) */
  fileSize(bytes: number): string;
  /** degrees clockwise from north → "047°" */
  bearing(degrees: number): string;
  /** seconds → "2 giờ 05 phút" / "2 h 05 min" */
  duration(seconds: number): string;
  /** How long ago (or until): "3 phút trước" / "3 min ago", from `now` (ms). */
  relative(value: Date | string | number, now: number): string;
  /** A local wall time as Excel and people read it: 2026-11-29 21:03:04 */
  localStamp(value: Date | string | number): string;
  /** ISO 8601 with Viet Nam's offset: 2026-11-29T21:03:04+07:00 */
  isoLocal(value: Date | string | number): string;
}

const cache = new Map<FormatLocale, Formats>();

const toDate = (v: Date | string | number) => (v instanceof Date ? v : new Date(v));

const OFFSET_MS = LOCAL_OFFSET_MS;

export function formatsFor(locale: string): Formats {
  const key: FormatLocale = locale === 'en' ? 'en' : 'vi';
  const cached = cache.get(key);
  if (cached) return cached;
  const tag = INTL_LOCALE[key];
  const u = UNITS[key];
  const dtf = (options: Intl.DateTimeFormatOptions) => new Intl.DateTimeFormat(tag, { timeZone: TIME_ZONE, hourCycle: 'h23', ...options });
  const f = {
    dateTime: dtf({ day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit' }),
    dateTimeSeconds: dtf({ day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit' }),
    date: dtf({ day: '2-digit', month: '2-digit', year: 'numeric' }),
    time: dtf({ hour: '2-digit', minute: '2-digit' }),
    timeSeconds: dtf({ hour: '2-digit', minute: '2-digit', second: '2-digit' }),
    dayHour: dtf({ weekday: 'short', day: '2-digit', month: '2-digit', hour: '2-digit', minute: '2-digit' }),
    dayShort: dtf({ weekday: 'short', day: '2-digit', month: '2-digit' }),
    dayMonth: dtf({ day: '2-digit', month: '2-digit' }),
  };
  const numbers = new Map<number, Intl.NumberFormat>();
  const num = (digits: number) => {
    let n = numbers.get(digits);
    if (!n) numbers.set(digits, (n = new Intl.NumberFormat(tag, { maximumFractionDigits: digits })));
    return n;
  };
  const rtf = new Intl.RelativeTimeFormat(tag, { numeric: 'auto', style: 'short' });
  const pad = (n: number) => String(n).padStart(2, '0');
  const localParts = (v: Date | string | number) => {
    const d = new Date(toDate(v).getTime() + OFFSET_MS);
    return { y: d.getUTCFullYear(), mo: pad(d.getUTCMonth() + 1), d: pad(d.getUTCDate()), h: pad(d.getUTCHours()), mi: pad(d.getUTCMinutes()), s: pad(d.getUTCSeconds()) };
  };
  const formats: Formats = {
    locale: key,
    dateTime: (v) => f.dateTime.format(toDate(v)),
    dateTimeSeconds: (v) => f.dateTimeSeconds.format(toDate(v)),
    date: (v) => f.date.format(toDate(v)),
    time: (v) => f.time.format(toDate(v)),
    timeSeconds: (v) => f.timeSeconds.format(toDate(v)),
    dayHour: (v) => f.dayHour.format(toDate(v)),
    dayShort: (v) => f.dayShort.format(toDate(v)),
    dayMonth: (v) => f.dayMonth.format(toDate(v)),
    number: (v, digits = 0) => num(digits).format(v),
    relative: (v, now) => {
      const seconds = Math.round((toDate(v).getTime() - now) / 1000);
      const abs = Math.abs(seconds);
      const [value, unit]: [number, Intl.RelativeTimeFormatUnit] =
        abs < 60 ? [seconds, 'second'] : abs < 3_600 ? [Math.round(seconds / 60), 'minute'] : abs < 86_400 ? [Math.round(seconds / 3_600), 'hour'] : [Math.round(seconds / 86_400), 'day'];
      return rtf.format(value, unit);
    },
    percent: (fraction, digits = 0) => new Intl.NumberFormat(tag, { style: 'percent', maximumFractionDigits: digits }).format(fraction),
    fileSize: (b) => (b < 1e6 ? `${num(0).format(Math.max(1, b / 1e3))} kB` : b < 1e9 ? `${num(1).format(b / 1e6)} MB` : `${num(2).format(b / 1e9)} GB`),
    distance: (m) => (Math.abs(m) < 1000 ? `${num(0).format(m)} ${u.m}` : `${num(Math.abs(m) < 10_000 ? 2 : 1).format(m / 1000)} ${u.km}`),
    area: (m2) => (m2 < 10_000 ? `${num(0).format(m2)} ${u.m2}` : m2 < 1_000_000 ? `${num(2).format(m2 / 10_000)} ${u.ha}` : `${num(2).format(m2 / 1_000_000)} ${u.km2}`),
    bearing: (deg) => `${String(Math.round(((deg % 360) + 360) % 360) % 360).padStart(3, '0')}°`,
    duration: (seconds) => {
      const s = Math.max(0, Math.round(seconds));
      const d = Math.floor(s / 86_400);
      const h = Math.floor((s % 86_400) / 3_600);
      const m = Math.floor((s % 3_600) / 60);
      if (d > 0) return `${d} ${u.d} ${h} ${u.h}`;
      if (h > 0) return `${h} ${u.h} ${pad(m)} ${u.min}`;
      if (m > 0) return `${m} ${u.min}`;
      return `${s} ${u.s}`;
    },
    localStamp: (v) => {
      const p = localParts(v);
      return `${p.y}-${p.mo}-${p.d} ${p.h}:${p.mi}:${p.s}`;
    },
    isoLocal: (v) => {
      const p = localParts(v);
      return `${p.y}-${p.mo}-${p.d}T${p.h}:${p.mi}:${p.s}+07:00`;
    },
  };
  cache.set(key, formats);
  return formats;
}

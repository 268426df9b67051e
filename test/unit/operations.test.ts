import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import vi from '@/messages/vi.json';
import en from '@/messages/en.json';
import { alertTitle, type AlertTranslator } from '@/lib/alerts/title';
import { type AlertStatus } from '@/lib/domain/alerts';
import { allowedActions, groupStatus, nextStatus } from '@/lib/alerts/workflow';
import { formatShiftStart, nextShift, parseShiftStarts, previousShift, shiftAt, shiftsOfDays } from '@/lib/domain/shifts';
import { addDays, localDateOf, localDayStart, localInstant, localMinuteOfDay } from '@/lib/domain/local-time';
import { createTranslator } from 'next-intl';

// The pure parts of the operations center: Viet Nam's calendar against the IANA database,
// shifts across midnight, the alert state machine, and alert titles in both languages.

const TZ = 'Asia/Ho_Chi_Minh';
const intlParts = (ms: number) => {
  const parts = Object.fromEntries(new Intl.DateTimeFormat('en-CA', { timeZone: TZ, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(ms).map((p) => [p.type, p.value]));
  return { date: `${parts.year}-${parts.month}-${parts.day}`, minute: Number(parts.hour) * 60 + Number(parts.minute) };
};

describe('Viet Nam local time', () => {
  it('agrees with the IANA time zone for any instant from 2000 to 2040', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2040, 0, 1) }), (ms) => {
        const intl = intlParts(ms);
        expect(localDateOf(ms)).toBe(intl.date);
        expect(localMinuteOfDay(ms)).toBe(intl.minute);
        expect(intlParts(localDayStart(ms))).toEqual({ date: intl.date, minute: 0 });
        expect(localInstant(intl.date, intl.minute).getTime()).toBe(Math.floor(ms / 60_000) * 60_000);
      }),
      { numRuns: 2_000 },
    );
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2027-01-01', -1)).toBe('2026-12-31');
  });
});

describe('shifts', () => {
  const starts = parseShiftStarts(['06:00', '14:00', '22:00']);

  it('puts the small hours in the night shift of the evening before', () => {
    const at = (date: string, hhmm: string) => localInstant(date, Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3)));
    expect(shiftAt(at('2026-12-01', '05:59'), starts)).toMatchObject({ date: '2026-11-30', index: 2 });
    expect(shiftAt(at('2026-12-01', '00:00'), starts)).toMatchObject({ date: '2026-11-30', index: 2 });
    expect(shiftAt(at('2026-12-01', '06:00'), starts)).toMatchObject({ date: '2026-12-01', index: 0 });
    expect(shiftAt(at('2026-12-31', '23:30'), starts)).toMatchObject({ date: '2026-12-31', index: 2 });
    const night = shiftAt(at('2027-01-01', '03:00'), starts);
    expect(night.start.toISOString()).toBe('2026-12-31T15:00:00.000Z');
    expect(night.end.toISOString()).toBe('2026-12-31T23:00:00.000Z');
  });

  it('tiles time without gaps or overlaps, for any plan', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 0, max: 1439 }), { minLength: 1, maxLength: 12 }), fc.integer({ min: Date.UTC(2025, 0, 1), max: Date.UTC(2030, 0, 1) }), (minutes, ms) => {
        const plan = parseShiftStarts(minutes.map(formatShiftStart));
        const shift = shiftAt(ms, plan);
        expect(shift.start.getTime()).toBeLessThanOrEqual(ms);
        expect(shift.end.getTime()).toBeGreaterThan(ms);
        expect(nextShift(shift, plan).start.getTime()).toBe(shift.end.getTime());
        expect(previousShift(shift, plan).end.getTime()).toBe(shift.start.getTime());
        const day = shiftsOfDays(localDateOf(ms), 2, plan);
        for (let i = 1; i < day.length; i++) expect(day[i]!.start.getTime()).toBe(day[i - 1]!.end.getTime());
      }),
      { numRuns: 500 },
    );
  });

  it('refuses plans that are not plans', () => {
    expect(() => parseShiftStarts([])).toThrow(/1 to 12/);
    expect(() => parseShiftStarts(['25:00'])).toThrow(/not a time/);
    expect(() => parseShiftStarts(['06:00', '06:00'])).toThrow(/distinct/);
  });
});

describe('alert state machine', () => {
  it('lets a field alert be acknowledged, then dispatched or resolved; closed alerts take no action', () => {
    expect(allowedActions('hotspot_crossing', ['new'])).toEqual(['acknowledge', 'dismiss']);
    expect(allowedActions('hotspot_crossing', ['acknowledged'])).toEqual(['dispatch', 'resolve', 'dismiss']);
    expect(allowedActions('hotspot_crossing', ['dispatched'])).toEqual(['dispatch', 'resolve']);
    expect(allowedActions('camera_down', ['acknowledged'])).toEqual(['dismiss']);
    for (const closed of ['resolved', 'dismissed', 'retracted'] as AlertStatus[]) expect(allowedActions('tip', [closed])).toEqual([]);
    expect(nextStatus('acknowledge', 'new')).toBe('acknowledged');
    expect(nextStatus('acknowledge', 'dispatched')).toBeNull();
    expect(nextStatus('resolve', 'dispatched')).toBe('resolved');
    expect(groupStatus(['resolved', 'new'])).toBe('new');
    expect(groupStatus(['resolved', 'retracted'])).toBe('resolved');
  });
});

describe('alert titles', () => {
  const translator = (messages: typeof vi, locale: string) => createTranslator({ locale, messages, namespace: 'alerts', timeZone: 'Asia/Ho_Chi_Minh' }) as unknown as AlertTranslator;
  it('says what happened, where and how many, in each language', () => {
    const crossing = { kind: 'hotspot_crossing', directions: ['into_vn'], zoneName: 'Điểm nóng Z1', zoneNameEn: 'Hotspot Z1', people: 3, classes: ['person'] };
    expect(alertTitle(translator(vi, 'vi'), false, crossing)).toBe('Vượt biên vào Việt Nam tại Điểm nóng Z1 · 3 người');
    expect(alertTitle(translator(en, 'en'), true, crossing)).toBe('Crossing into Viet Nam at Hotspot Z1 · 3 person(s)');
    expect(alertTitle(translator(en, 'en'), true, { kind: 'camera_down', cameraName: 'Camera 5', cameraNameEn: 'Camera five' })).toBe('Camera five is down');
  });
});

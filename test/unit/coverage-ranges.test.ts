import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cameraRangeM, NIGHT_FACTOR_WITHOUT_IR } from '@/lib/coverage/ranges';
import { coveragePreviewSchema, proposedCameraSchema } from '@/lib/coverage/schemas';

describe('camera reach by day and night', () => {
  it('is the range by day, whatever the night settings', () => {
    expect(cameraRangeM({ rangeM: 500, infrared: false }, 'day')).toBe(500);
    expect(cameraRangeM({ rangeM: 500, nightRangeM: 100, infrared: true }, 'day')).toBe(500);
  });

  it('at night: the set night range, else infrared keeps its reach, else 30 %', () => {
    expect(cameraRangeM({ rangeM: 500, nightRangeM: 120, infrared: false }, 'night')).toBe(120);
    expect(cameraRangeM({ rangeM: 500, nightRangeM: 0, infrared: true }, 'night')).toBe(0);
    expect(cameraRangeM({ rangeM: 500, nightRangeM: null, infrared: true }, 'night')).toBe(500);
    expect(cameraRangeM({ rangeM: 500, infrared: false }, 'night')).toBe(150);
    expect(NIGHT_FACTOR_WITHOUT_IR).toBe(0.3);
  });

  it('never sees farther at night than by day unless a night range says so, and is never negative', () => {
    fc.assert(
      fc.property(fc.double({ min: -10, max: 20_000, noNaN: true }), fc.boolean(), (rangeM, infrared) => {
        const night = cameraRangeM({ rangeM, infrared }, 'night');
        expect(night).toBeGreaterThanOrEqual(0);
        expect(night).toBeLessThanOrEqual(cameraRangeM({ rangeM, infrared }, 'day'));
      }),
    );
  });
});

describe('proposed camera validation', () => {
  const ok = { lon: 107.9, lat: 21.5, bearingDeg: 90, fovDeg: 60, rangeM: 400 };
  it('accepts a camera on the map and defaults infrared to off', () => {
    expect(proposedCameraSchema.parse(ok)).toMatchObject({ infrared: false });
  });
  it('refuses what no camera can be', () => {
    for (const bad of [
      { ...ok, lon: Number.NaN },
      { ...ok, lon: 120 },
      { ...ok, lat: -91 },
      { ...ok, bearingDeg: 361 },
      { ...ok, fovDeg: 0 },
      { ...ok, rangeM: 20_001 },
      { ...ok, rangeM: 0 },
      { ...ok, extra: 1 },
    ]) {
      expect(proposedCameraSchema.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
    }
  });
  it('takes 1 to 20 cameras', () => {
    expect(coveragePreviewSchema.safeParse({ cameras: [] }).success).toBe(false);
    expect(coveragePreviewSchema.safeParse({ cameras: Array(20).fill(ok) }).success).toBe(true);
    expect(coveragePreviewSchema.safeParse({ cameras: Array(21).fill(ok) }).success).toBe(false);
    expect(coveragePreviewSchema.parse({ cameras: [ok] }).period).toBe('day');
  });
});

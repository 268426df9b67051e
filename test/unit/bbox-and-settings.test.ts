import { describe, expect, it } from 'vitest';
import { bboxSchema } from '@/lib/domain/bbox';
import { parseSettings, SettingsError } from '@/lib/settings';
import { destinationPoint as destination } from '@/lib/geo/measure';
import { fovSector } from '@/lib/geo/sector';

describe('bbox query parameter', () => {
  it('accepts west,south,east,north', () => {
    expect(bboxSchema.parse('107.3,21.3,108.15,21.72')).toEqual([107.3, 21.3, 108.15, 21.72]);
  });
  it.each([
    ['107,21,108', 'exactly 4 numbers'],
    ['107,21,108,22,5', 'exactly 4 numbers'],
    ['a,21,108,22', 'expected number'],
    ['107,21,,22', ''],
    ['NaN,21,108,22', 'expected number'],
    ['Infinity,21,108,22', ''],
    ['108,21,107,22', 'west must be less than east'],
    ['107,22,108,21', 'south must be less than north'],
    ['-200,21,108,22', 'longitudes'],
    ['107,-95,108,22', 'latitudes'],
  ])('rejects %s', (value, reason) => {
    const result = bboxSchema.safeParse(value);
    expect(result.success).toBe(false);
    if (!result.success && reason) expect(result.error.issues.map((i) => i.message).join(' ').toLowerCase()).toContain(reason.toLowerCase());
  });
});

describe('settings', () => {
  it('defaults to the embedded engine with demo data', () => {
    const s = parseSettings({});
    expect(s.DATABASE_URL).toBeUndefined();
    expect(s.DATA_DIR).toBe('./data');
    expect(s.SEED_DEMO).toBe(true);
  });
  it('names every bad setting', () => {
    try {
      parseSettings({ DATABASE_URL: 'mysql://x', SEED_DEMO: 'maybe', AUTH_SECRET: 'short' });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(SettingsError);
      const message = (err as Error).message;
      expect(message).toContain('DATABASE_URL');
      expect(message).toContain('SEED_DEMO');
      expect(message).toContain('AUTH_SECRET');
    }
  });
  it('treats empty values as unset', () => {
    expect(parseSettings({ DATABASE_URL: '' }).DATABASE_URL).toBeUndefined();
  });
  it('keeps detections for ever unless told, and never for less than the late-point window', () => {
    expect(parseSettings({}).DETECTION_RETENTION_DAYS).toBe(0);
    expect(parseSettings({ DETECTION_RETENTION_DAYS: '0' }).DETECTION_RETENTION_DAYS).toBe(0);
    expect(parseSettings({ DETECTION_RETENTION_DAYS: '8' }).DETECTION_RETENTION_DAYS).toBe(8);
    for (const bad of ['7', '1', '-3', '30.5', 'forever']) expect(() => parseSettings({ DETECTION_RETENTION_DAYS: bad }), bad).toThrow(/DETECTION_RETENTION_DAYS/);
  });
});

describe('camera field of view', () => {
  it('projects a point the requested distance away', () => {
    const [lon, lat] = destination([107.96, 21.53], 0, 1000);
    expect(lon).toBeCloseTo(107.96, 6);
    expect((lat - 21.53) * 111_195).toBeCloseTo(1000, 0);
  });
  it('is a closed wedge with its apex at the camera', () => {
    const ring = fovSector([107.96, 21.53], 90, 60, 500, 12);
    expect(ring[0]).toEqual([107.96, 21.53]);
    expect(ring.at(-1)).toEqual([107.96, 21.53]);
    expect(ring).toHaveLength(12 + 3);
    // Every arc point lies east of the camera for a camera facing east.
    for (const [lon] of ring.slice(1, -1)) expect(lon).toBeGreaterThan(107.96);
  });
  it('is a full circle for 360° cameras and empty for zero range', () => {
    const ring = fovSector([107.96, 21.53], 0, 360, 100, 8);
    expect(ring[0]).toEqual(ring.at(-1));
    expect(ring).toHaveLength(17);
    expect(fovSector([107.96, 21.53], 0, 90, 0)).toEqual([]);
  });
});

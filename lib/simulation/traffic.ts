// Simulated AI-camera traffic for the demo and the benchmarks: tracks expressed as bearing and
// range from each camera, so it needs nothing but the camera's own mounting (the seeded demo
// cameras face the border line, which lies 120–150 m in front of them). Deterministic for a
// given seed, so a demo history is the same on every machine.

import type { CameraMounting } from '@/lib/domain/cameras';

export type SimCamera = CameraMounting;

export type SimClass = 'person' | 'vehicle' | 'boat' | 'animal' | 'unknown';

export interface SimEvent {
  id: string;
  cameraId: string;
  observedAt: string;
  class: SimClass;
  confidence: number;
  count: number;
  trackId: string;
  position: { bearingDeg: number; rangeM: number };
}

/** A small, fast, seedable PRNG (mulberry32). */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Role = 'hotspot' | 'river' | 'gate' | 'other';

/** What a camera sees, from its code: AI cameras at hotspots, river-bank cameras, Km15 / Dân Tiến. */
export function cameraRole(camera: SimCamera): Role {
  const code = camera.code ?? '';
  if (camera.kind === 'ai') return 'hotspot';
  if (code.startsWith('CAM-RB-')) return 'river';
  if (code.startsWith('CAM-KM15') || code.startsWith('CAM-DT')) return 'gate';
  return 'other';
}

const localHour = (ms: number) => new Date(ms + 7 * 3_600_000).getUTCHours();
const isNight = (ms: number) => {
  const h = localHour(ms);
  return h >= 19 || h < 5;
};

/** Relative activity by time of day: people cross at night, vehicles and boats move by day. */
function activity(role: Role, ms: number): number {
  const night = isNight(ms);
  switch (role) {
    case 'hotspot':
      return night ? 3 : 0.4;
    case 'river':
      return night ? 0.3 : 0.5;
    case 'gate':
      return night ? 0.15 : 1.5;
    default:
      return 0;
  }
}

/**
 * One track's points: people at a hotspot walk toward the camera along its bearing (from
 * China, beyond the line, into Viet Nam: about a third cross, others turn back); boats pass
 * across a river camera's view; vehicles pass the Km15 / wharf cameras.
 */
export function makeTrack(camera: SimCamera, startMs: number, random: () => number, trackId: string): SimEvent[] {
  const role = cameraRole(camera);
  const spread = Math.min(camera.fovDeg, 120) / 2;
  const steps = 6 + Math.floor(random() * 9); // ~10 points a track: see POINTS_PER_TRACK
  const stepMs = 6_000 + random() * 8_000;
  const heading = camera.bearingDeg + (random() * 2 - 1) * spread * 0.6;
  const points: { bearingDeg: number; rangeM: number }[] = [];
  let cls: SimClass = 'person';
  let count = 1;
  if (role === 'hotspot') {
    const r = random();
    cls = r < 0.82 ? 'person' : r < 0.9 ? 'animal' : r < 0.95 ? 'vehicle' : 'unknown';
    count = cls === 'person' ? 1 + Math.floor(random() ** 2 * 6) : 1;
    // The line is ~150 m ahead of these cameras: crossers go from 300–480 m to 20–110 m.
    const crosses = random() < 0.35;
    // A quarter of those who cross are leaving Viet Nam: the same path, walked the other way.
    const outward = crosses && random() < 0.25;
    const far = camera.rangeM * (0.6 + random() * 0.35);
    const near = crosses ? 20 + random() * 90 : 170 + random() * 80;
    for (let i = 0; i < steps; i++) {
      const f = outward ? 1 - i / (steps - 1) : i / (steps - 1);
      // Those who do not cross come close and turn back.
      const along = crosses ? f : f < 0.6 ? f / 0.6 : (1 - f) / 0.4;
      points.push({ bearingDeg: heading + (random() - 0.5) * 4, rangeM: far + (near - far) * along });
    }
  } else if (role === 'river') {
    cls = random() < 0.9 ? 'boat' : 'unknown';
    count = 1 + Math.floor(random() * 3);
    // Boats keep to the Vietnamese half of the river, 60–100 m out from the bank camera.
    const range = 60 + random() * 40;
    const from = camera.bearingDeg - spread * 0.9;
    const to = camera.bearingDeg + spread * 0.9;
    const forward = random() < 0.5;
    for (let i = 0; i < steps; i++) {
      const f = i / (steps - 1);
      points.push({ bearingDeg: forward ? from + (to - from) * f : to + (from - to) * f, rangeM: range + (random() - 0.5) * 6 });
    }
  } else {
    cls = random() < 0.85 ? 'vehicle' : 'person';
    count = 1 + (cls === 'person' ? Math.floor(random() * 3) : 0);
    const range = Math.min(camera.rangeM * 0.8, 40 + random() * 100);
    const from = camera.bearingDeg - spread * 0.8;
    const to = camera.bearingDeg + spread * 0.8;
    for (let i = 0; i < steps; i++) points.push({ bearingDeg: from + ((to - from) * i) / (steps - 1), rangeM: range });
  }
  const base = 0.55 + random() * 0.35;
  return points.map((p, i) => ({
    id: `sim-${trackId}-${i}`,
    cameraId: camera.id,
    observedAt: new Date(startMs + i * stepMs).toISOString(),
    class: cls,
    confidence: Math.round(Math.min(0.99, base + (random() - 0.3) * 0.15) * 1000) / 1000,
    count,
    trackId,
    position: { bearingDeg: ((Math.round(p.bearingDeg * 100) / 100) % 360 + 360) % 360, rangeM: Math.max(1, Math.round(p.rangeM * 10) / 10) },
  }));
}

/** Events an hour these cameras produce at intensity 1 at this time of day. */
export function eventsPerHour(cameras: SimCamera[], ms: number): number {
  return cameras.reduce((sum, c) => sum + activity(cameraRole(c), ms), 0) * BASE_TRACKS_PER_HOUR * POINTS_PER_TRACK;
}

/** The mean number of points in a track (6–14). */
export const POINTS_PER_TRACK = 10;

/** Tracks per camera per hour at activity 1. */
export const BASE_TRACKS_PER_HOUR = 1.2;

/**
 * Every track that starts between `fromMs` and `toMs` on these cameras, oldest first; the
 * number per hour follows each camera's role and the time of day, scaled by `intensity`.
 */
export function* simulateTracks(
  cameras: SimCamera[],
  fromMs: number,
  toMs: number,
  options: { seed?: number; intensity?: number; sliceMs?: number } = {},
): Generator<SimEvent[]> {
  const random = rng(options.seed ?? 2026);
  const intensity = options.intensity ?? 1;
  const sliceMs = options.sliceMs ?? 3_600_000;
  const active = cameras.filter((c) => cameraRole(c) !== 'other');
  let serial = 0;
  for (let slice = fromMs; slice < toMs; slice += sliceMs) {
    const batch: { start: number; camera: SimCamera }[] = [];
    for (const camera of active) {
      const expected = BASE_TRACKS_PER_HOUR * intensity * activity(cameraRole(camera), slice) * (sliceMs / 3_600_000);
      // Poisson-ish: the whole part plus one more with the fractional probability.
      const n = Math.floor(expected) + (random() < expected % 1 ? 1 : 0);
      for (let i = 0; i < n; i++) batch.push({ start: slice + random() * sliceMs, camera });
    }
    batch.sort((a, b) => a.start - b.start);
    for (const { start, camera } of batch) {
      if (start >= toMs) continue;
      serial++;
      yield makeTrack(camera, start, random, `${(options.seed ?? 2026).toString(36)}-${Math.floor(fromMs / 1000).toString(36)}-${serial}`);
    }
  }
}

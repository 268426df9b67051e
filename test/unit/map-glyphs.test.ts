import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// The map draws labels with the glyphs the app serves (public/glyphs: Noto Sans, Latin and
// Vietnamese), never from the internet: a character outside those ranges is drawn as an empty
// box. Every name the seed puts on the map must be drawable.

const GLYPHS = path.join(process.cwd(), 'public', 'glyphs');
const SEED = path.join(process.cwd(), 'db', 'seed-data');

function servedRanges(font: string): [number, number][] {
  return readdirSync(path.join(GLYPHS, font))
    .map((f) => /^(\d+)-(\d+)\.pbf$/.exec(f))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => [Number(m[1]), Number(m[2])]);
}

function namesIn(file: string): string[] {
  const fc = JSON.parse(readFileSync(path.join(SEED, file), 'utf8')) as { features: { properties: Record<string, unknown> }[] };
  return fc.features.flatMap((f) => ['name', 'name_en', 'name_vi'].map((k) => f.properties[k]).filter((v): v is string => typeof v === 'string'));
}

describe('map labels', () => {
  it('use only characters the served glyphs can draw', () => {
    for (const font of readdirSync(GLYPHS)) {
      const ranges = servedRanges(font);
      const drawable = (c: string) => ranges.some(([a, b]) => c.codePointAt(0)! >= a && c.codePointAt(0)! <= b);
      const files = readdirSync(SEED).filter((f) => f.endsWith('.geojson'));
      const names = [...files.flatMap(namesIn), ...readFileSync(path.join(process.cwd(), 'db', 'seed-demo-objects.ts'), 'utf8').split('\n')];
      const undrawable = names.filter((n) => [...n].some((c) => !drawable(c)));
      expect(undrawable, font).toEqual([]);
    }
  });
});

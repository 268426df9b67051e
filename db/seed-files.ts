import { readFileSync } from 'node:fs';
import path from 'node:path';

// The seed's GeoJSON files (db/seed-data/, their provenance in PROVENANCE.md there).
const SEED_DATA_DIR = path.join(process.cwd(), 'db', 'seed-data');

export interface Feature<P> {
  properties: P;
  geometry: { type: string; coordinates: unknown };
}

export function readFeatures<P>(file: string): Feature<P>[] {
  const fc = JSON.parse(readFileSync(path.join(SEED_DATA_DIR, file), 'utf8')) as { features: Feature<P>[] };
  return fc.features;
}

// The benchmarks' load generator: any number of detections written with COPY straight into
// their month partitions (no routing through the parent), as tracks of ten points walking
// inside the demo cameras' fields of view, spread over the last `days` days. Rows are made as
// they are sent (no file, constant memory), so 100 million need only the database's disk.
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { Database } from '@/db/client';
import { makeDetectionPartitions } from '@/db/queries/detection-retention';
import { POINTS_PER_TRACK, rng } from '@/lib/simulation/traffic';

const COLUMNS = 'device_id, event_id, camera_id, observed_at, received_at, class, confidence, count, track_id, province_code, agency_id, geom';
const CLASSES = ['person', 'person', 'person', 'vehicle', 'boat', 'animal', 'unknown'];
const TRACK = POINTS_PER_TRACK;
const DAY_MS = 86_400_000;

interface LoadCamera {
  id: string;
  lon: number;
  lat: number;
  bearing: number;
  fov: number;
  range: number;
  province: string;
  agency: string | null;
}

/** One UTC day's rows (the first `span` ms of it) as COPY text, in chunks of about 1,000 tracks. */
function* dayRows(cameras: LoadCamera[], device: string, dayStart: number, span: number, rows: number, first: number, rnd: () => number): Generator<string> {
  let lines: string[] = [];
  for (let i = 0; i < rows; i += TRACK) {
    const camera = cameras[Math.floor(rnd() * cameras.length)]!;
    const cls = CLASSES[Math.floor(rnd() * CLASSES.length)]!;
    const start = dayStart + rnd() * (span - TRACK * 5_000);
    let distance = rnd() * camera.range;
    let bearing = camera.bearing + (rnd() - 0.5) * Math.min(camera.fov, 120);
    const count = 1 + Math.floor(rnd() * 4);
    const track = `t${first + i}`;
    for (let k = 0; k < TRACK && i + k < rows; k++) {
      const at = new Date(start + k * 5_000).toISOString();
      const rad = (bearing * Math.PI) / 180;
      const lat = camera.lat + (distance * Math.cos(rad)) / 111_320;
      const lon = camera.lon + (distance * Math.sin(rad)) / (111_320 * Math.cos((camera.lat * Math.PI) / 180));
      const confidence = (0.5 + rnd() * 0.5).toFixed(3);
      lines.push(`${device}\tL${first + i + k}\t${camera.id}\t${at}\t${at}\t${cls}\t${confidence}\t${count}\t${track}\t${camera.province}\t${camera.agency ?? '\\N'}\tSRID=4326;POINT(${lon.toFixed(7)} ${lat.toFixed(7)})\n`);
      distance = Math.min(camera.range, Math.max(1, distance + (rnd() - 0.5) * 12));
      bearing += (rnd() - 0.5) * 2;
    }
    if (lines.length >= 10_000) {
      yield lines.join('');
      lines = [];
    }
  }
  if (lines.length) yield lines.join('');
}

/**
 * Writes `rows` detections over the `days` days before `now` with COPY, day by day into each
 * day's month partition (made first). Returns the seconds it took and the rate.
 */
export async function loadDetections(databaseUrl: string, database: Database, options: { rows: number; days: number; now?: number; seed?: number }) {
  const now = options.now ?? Date.now();
  const cameras = (
    await database.rows<LoadCamera>(sql`
      SELECT id, ST_X(geom) AS lon, ST_Y(geom) AS lat, bearing_deg AS bearing, fov_deg AS fov, range_m AS range, province_code AS province, agency_id AS agency
      FROM cameras WHERE is_demo ORDER BY code`)
  ).map((c) => ({ ...c, lon: Number(c.lon), lat: Number(c.lat), bearing: Number(c.bearing), fov: Number(c.fov), range: Number(c.range) }));
  if (cameras.length === 0) throw new Error('no demo cameras to load detections for');
  const [device] = await database.rows<{ id: string }>(sql`SELECT id FROM devices ORDER BY created_at LIMIT 1`);
  if (!device) throw new Error('no device to load detections for');
  const firstDay = Math.floor((now - options.days * DAY_MS) / DAY_MS) * DAY_MS;
  await makeDetectionPartitions(database, 3, new Date(firstDay));
  const rnd = rng(options.seed ?? 1);
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const t0 = performance.now();
  try {
    // Whole UTC days up to the last one, which stops a minute before now (nothing in the future;
    // a last day of less than ten minutes is left out).
    const dayCount = Math.ceil((now - 10 * 60_000 - firstDay) / DAY_MS);
    const perDay = Math.ceil(options.rows / dayCount / TRACK) * TRACK;
    let written = 0;
    for (let d = 0; d < dayCount && written < options.rows; d++) {
      const dayStart = firstDay + d * DAY_MS;
      const rows = Math.min(perDay, options.rows - written);
      const span = Math.min(DAY_MS, now - 60_000 - dayStart);
      const month = new Date(dayStart).toISOString().slice(0, 7).replace('-', '_');
      await pipeline(Readable.from(dayRows(cameras, device.id, dayStart, span, rows, written, rnd)), client.query(copyFrom(`COPY detections_${month} (${COLUMNS}) FROM STDIN`)));
      written += rows;
    }
    const seconds = (performance.now() - t0) / 1000;
    return { rows: written, seconds: +seconds.toFixed(1), rowsPerS: Math.round(written / seconds) };
  } finally {
    await client.end();
  }
}

// The camera programme's daily report (`npm run bench -- programme`): how long making the national
// report takes (figures from the histories, frozen and stored), and rendering it as PDF and XLSX,
// with the demo data and with 1,000 facilities (3,000 cameras, a week of status changes). Each
// round makes the report of another past day, so none is answered from an earlier one. Runs the
// code directly (no HTTP) on the embedded engine and, when DATABASE_URL is set, on that server too.
import { sql } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { getMapOutlines } from '@/db/queries/programme';
import { programmeReportPdf } from '@/lib/programme/report-pdf';
import { reportXlsx } from '@/lib/programme/report-xlsx';
import { generateReport } from '@/lib/programme/reports';
import { addDays, localDateOf } from '@/lib/domain/local-time';
import vi from '@/messages/vi.json';
import { openTestDatabase } from '@/test/support/database';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 8);
const FACILITIES = Number(process.env.BENCH_FACILITIES ?? 1000);
const PROVINCES = ['VN-13', 'VN-09', 'VN-HP', 'VN-HN', 'VN-04', 'VN-03', 'VN-02', 'VN-01', 'VN-71', 'VN-14'];

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return +sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!.toFixed(1);
};

/** The Vietnamese catalogue as a translator (what the route gets from next-intl). */
function translator(key: string, values: Record<string, unknown> = {}): string {
  let v: unknown = vi;
  for (const k of key.split('.')) v = (v as Record<string, unknown>)[k];
  return String(v).replace(/\{(\w+)\}/g, (_, name: string) => String(values[name] ?? ''));
}

/** `count` facilities across ten provinces at every stage, three cameras each, with a week of status history. */
async function addFacilities(database: Database, count: number) {
  const now = Date.now();
  await database.rows(sql`
    INSERT INTO quarantine_facilities (code, name, address, managing_authority, capacity, occupancy, agency_id, telecom_agency_id, province_code, is_demo, confidence,
      stage, status, required_cameras, target_date, first_connected_at, created_at, geom)
    SELECT 'BENCH-QF-' || i, 'Cơ sở thử ' || i, 'Địa chỉ ' || i, 'UBND (thử)', 100 + i % 200, i % 90, NULL, CASE WHEN i % 6 = 0 THEN NULL ELSE 'vnpt-qn' END,
      (${`{${PROVINCES.join(",")}}`}::text[])[1 + i % 10], true, 'demo',
      (ARRAY['not_surveyed', 'surveyed', 'plan_agreed', 'connecting', 'connecting', 'connecting'])[1 + i % 6],
      (ARRAY['not_surveyed', 'surveyed', 'plan_agreed', 'connecting', 'connected', 'degraded'])[1 + i % 6],
      CASE WHEN i % 6 >= 2 THEN 3 END, current_date + (i % 9) - 4,
      CASE WHEN i % 6 >= 4 THEN ${new Date(now - 5 * 86_400_000)}::timestamptz END, ${new Date(now - 20 * 86_400_000)}::timestamptz,
      ST_SetSRID(ST_MakePoint(106.5 + (i * 0.6180339887 % 1) * 1.6, 20.7 + (i * 0.41421356 % 1) * 1.3), 4326)
    FROM generate_series(1, ${count}) i`);
  await database.rows(sql`
    INSERT INTO facility_events (facility_id, kind, at, from_status, to_status, details)
    SELECT f.id, 'status', ${new Date(now - 5 * 86_400_000)}::timestamptz + make_interval(mins => (row_number() OVER ())::int % 600), 'connecting', f.status, '{}'::jsonb
    FROM quarantine_facilities f WHERE f.code LIKE 'BENCH-QF-%' AND f.status IN ('connected', 'degraded')`);
  await database.rows(sql`
    INSERT INTO cameras (code, name, kind, infrared, bearing_deg, fov_deg, range_m, province_code, facility_id, is_demo, confidence, stream_url, status, status_since, geom)
    SELECT f.code || '-' || k, f.name || ' #' || k, 'fixed', true, 0, 90, 50, f.province_code, f.id, true, 'demo', 'demo://bench/live.m3u8',
      CASE WHEN f.status = 'degraded' AND k = 1 THEN 'offline'::camera_status ELSE 'live'::camera_status END, ${new Date(now - 86_400_000)}::timestamptz, f.geom
    FROM quarantine_facilities f CROSS JOIN generate_series(1, 3) k
    WHERE f.code LIKE 'BENCH-QF-%' AND f.stage = 'connecting'`);
  // A week of history: live, and an outage of 10–70 minutes on some days.
  await database.rows(sql`
    INSERT INTO camera_status_changes (camera_id, status, at)
    SELECT c.id, s.status::camera_status, ${new Date(now - 7 * 86_400_000)}::timestamptz + make_interval(days => d, mins => s.minute)
    FROM cameras c
    CROSS JOIN generate_series(0, 6) d
    CROSS JOIN LATERAL (VALUES ('live', 0), ('offline', 600 + (hashtext(c.id::text || d) & 255)), ('live', 660 + (hashtext(c.id::text || d) & 255))) AS s(status, minute)
    WHERE c.code LIKE 'BENCH-QF-%' AND (hashtext(c.id::text || d) & 3) = 0`);
}

async function benchEngine(engine: string) {
  const database = await openTestDatabase();
  const rows = [];
  try {
    const today = localDateOf(new Date());
    let day = 1;
    for (const [label, extra] of [['demo', 0], [`+${FACILITIES}`, FACILITIES]] as const) {
      await addFacilities(database, extra);
      const [{ n, cams }] = (await database.rows<{ n: number; cams: number }>(sql`
        SELECT count(*)::int AS n, (SELECT count(*)::int FROM cameras WHERE facility_id IS NOT NULL) AS cams FROM quarantine_facilities WHERE closed_at IS NULL`)) as [{ n: number; cams: number }];
      const make: number[] = [];
      const pdf: number[] = [];
      const xlsx: number[] = [];
      let bytes = { pdf: 0, xlsx: 0 };
      for (let i = 0; i < ROUNDS; i++) {
        const t0 = performance.now();
        const { report, created } = await generateReport(database, { scopeKey: 'national', date: addDays(today, -day++), actor: null });
        make.push(performance.now() - t0);
        if (!created) throw new Error('a report was answered from an earlier one');
        const t1 = performance.now();
        const p = await programmeReportPdf(report, { locale: 'vi', t: translator, printedBy: 'bench', outlines: await getMapOutlines(database, report.figures.facilities) });
        pdf.push(performance.now() - t1);
        const t2 = performance.now();
        const x = await reportXlsx(report, { locale: 'vi', t: translator });
        xlsx.push(performance.now() - t2);
        bytes = { pdf: p.length, xlsx: x.length };
      }
      rows.push({
        engine,
        set: label,
        facilities: n,
        cameras: cams,
        make_p50_ms: percentile(make, 50),
        make_p95_ms: percentile(make, 95),
        pdf_p50_ms: percentile(pdf, 50),
        xlsx_p50_ms: percentile(xlsx, 50),
        pdf_kB: Math.round(bytes.pdf / 1024),
        xlsx_kB: Math.round(bytes.xlsx / 1024),
      });
    }
    return rows;
  } finally {
    await database.close();
  }
}

export async function programmeBenches() {
  const engines: [string, string | undefined][] = [['pglite', undefined]];
  if (process.env.DATABASE_URL) engines.push(['postgres', process.env.DATABASE_URL]);
  const saved = process.env.DATABASE_URL;
  const rows = [];
  for (const [engine, url] of engines) {
    if (url) process.env.DATABASE_URL = url;
    else delete process.env.DATABASE_URL;
    rows.push(...(await benchEngine(engine)));
  }
  if (saved) process.env.DATABASE_URL = saved;
  console.log(`national daily report, ${ROUNDS} rounds each (each round a new day's report: computed, frozen, stored; then rendered):`);
  console.table(rows);
}

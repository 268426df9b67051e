// Derives the demo hotspot and patrol-sector polygons from the real border trace and writes
// db/seed-data/demo-zones.geojson, which both engines then load as plain GeoJSON.
// It needs a PostgreSQL + PostGIS server: GEOS's one-sided buffers and overlays are fragile
// in the embedded engine (a failing call there ends its statement with no rows and no error).
//   DATABASE_URL=postgres://... node --conditions=react-server --import tsx scripts/derive-demo-zones.ts
import { writeFileSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import { openDatabase } from '@/db/client';
import { seedReferenceData } from '@/db/seed';
import { PROVINCE_CODE } from '@/lib/domain/region';

const url = process.env.DATABASE_URL;
if (!url) throw new Error('DATABASE_URL (a PostGIS server) is required');
const database = await openDatabase({ databaseUrl: url });
await seedReferenceData(database.db);

// Hotspots: metres along the trace relative to the point nearest the Mong Cai gate
// (negative: upstream/west). The wards lie along the Ka Long river west of the gate:
// Ka Long around the bridge, Hai Yen upstream of it, Bac Son (Ben Ngoc) further upstream.
const hotspots = [
  { code: 'Z1', name: 'Điểm nóng Z1 – Hải Yên', nameEn: 'Hotspot Z1 – Hai Yen', from: -7000, to: -2500 },
  { code: 'Z2', name: 'Điểm nóng Z2 – Ka Long', nameEn: 'Hotspot Z2 – Ka Long', from: -2500, to: 300 },
  { code: 'BEN-NGOC', name: 'Điểm nóng Bến Ngọc – Bắc Sơn', nameEn: 'Hotspot Ben Ngoc – Bac Son', from: -16000, to: -11000 },
];
const trace = sql`(SELECT geom, ST_Length(geom::geography) AS len,
    ST_LineLocatePoint(geom, ST_SetSRID(ST_MakePoint(107.96565, 21.53593), 4326)) * ST_Length(geom::geography) AS gate_m
  FROM border_trace WHERE province_code = ${PROVINCE_CODE})`;
// A one-sided buffer to the right of the west-to-east trace (the Vietnamese side), clipped to Viet Nam's land.
const vnSide = (line: ReturnType<typeof sql>, metres: number) => sql`
  ST_AsGeoJSON(ST_Multi(ST_CollectionExtract(ST_MakeValid(ST_Intersection(
    ST_Transform(ST_Buffer(ST_Transform(${line}, 32648), ${metres}, 'side=right endcap=flat'), 4326),
    (SELECT geom FROM admin_areas WHERE code = 'VNM'))), 3)), 6)`;

const features = [];
for (const h of hotspots) {
  const line = sql`ST_LineSubstring(t.geom, greatest(t.gate_m + ${h.from}, 0) / t.len, least(t.gate_m + ${h.to}, t.len) / t.len)`;
  const [row] = await database.rows<{ g: string }>(sql`SELECT ${vnSide(line, 800)} AS g FROM ${trace} t`);
  features.push({
    type: 'Feature',
    properties: {
      code: h.code, name: h.name, name_en: h.nameEn, kind: 'hotspot', confidence: 'approximate', uncertainty_m: 2000,
      description: 'Vị trí ước lượng: không có ranh giới phường/xã mở; dải 800 m phía Việt Nam dọc đoạn biên giới tương ứng. Approximate: no open ward boundaries exist.',
    },
    geometry: JSON.parse(row!.g),
  });
}
for (let i = 1; i <= 6; i++) {
  const line = sql`ST_LineSubstring(t.geom, ${(i - 1) / 6}, ${i / 6})`;
  const [row] = await database.rows<{ g: string }>(sql`SELECT ${vnSide(line, 3000)} AS g FROM ${trace} t`);
  features.push({
    type: 'Feature',
    properties: {
      code: `PS-${i}`, name: `Khu vực tuần tra ${i}`, name_en: `Patrol sector ${i}`, kind: 'patrol_sector', confidence: 'demo', uncertainty_m: null,
      description: 'Dải 3 km phía Việt Nam dọc biên giới (demo).',
    },
    geometry: JSON.parse(row!.g),
  });
}
writeFileSync('db/seed-data/demo-zones.geojson', JSON.stringify({ type: 'FeatureCollection', name: 'demo-zones', features }) + '\n');
console.log(`wrote ${features.length} zones`);
await database.close();

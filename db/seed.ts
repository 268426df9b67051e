import 'server-only';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import type { Database, Db } from '@/db/client';
import { adminAreas, agencies, appMeta, borderLines, places, users, type Role } from '@/db/schema';
import { PROVINCE_CODE, TIME_ZONE } from '@/lib/domain/region';
import { PROGRAMME_AGENCIES, programmeSeedSql } from '@/db/seed-programme';
import { localDateOf } from '@/lib/domain/local-time';

const SEED_DATA_DIR = path.join(process.cwd(), 'db', 'seed-data');
/** Bump when the demo set changes; an installation seeds each version once. */
export const DEMO_SEED_VERSION = 6;

interface Feature<P> {
  properties: P;
  geometry: { type: string; coordinates: unknown };
}

function readFeatures<P>(file: string): Feature<P>[] {
  const fc = JSON.parse(readFileSync(path.join(SEED_DATA_DIR, file), 'utf8')) as { features: Feature<P>[] };
  return fc.features;
}

const asMulti = (g: Feature<unknown>['geometry']) =>
  g.type.startsWith('Multi') ? g : { type: `Multi${g.type}`, coordinates: [g.coordinates] };

const slug = (s: string) =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/gi, 'd')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');

/**
 * Real reference geography from db/seed-data (see PROVENANCE.md). Inserted with
 * ON CONFLICT DO NOTHING, so it runs on every start and never duplicates.
 */
export async function seedReferenceData(db: Db): Promise<void> {
  const land = readFeatures<{ country: string; source: string }>('basemap-land.geojson');
  const countryNames: Record<string, [string, string]> = {
    VNM: ['Việt Nam', 'Viet Nam'],
    CHN: ['Trung Quốc', 'China'],
  };
  const areaRows = land.map((f) => ({
    code: f.properties.country,
    name: countryNames[f.properties.country]?.[0] ?? f.properties.country,
    nameEn: countryNames[f.properties.country]?.[1] ?? f.properties.country,
    adminLevel: 2,
    countryCode: f.properties.country,
    provinceCode: null as string | null,
    source: f.properties.source,
    licence: 'ODbL 1.0 (© OpenStreetMap contributors)',
    accuracy: 'clipped to 106.5–109.2 E, 20.6–22.5 N and simplified to ~30 m; coastline and border as mapped in OSM 2018',
    geom: asMulti(f.geometry),
  }));
  type AreaProps = {
    name: string;
    name_en: string;
    admin_level: number;
    iso_3166_2?: string;
    source: string;
    source_id: string;
    licence: string;
    accuracy: string;
  };
  for (const f of readFeatures<AreaProps>('quang-ninh.geojson')) {
    const p = f.properties;
    areaRows.push({
      code: p.iso_3166_2 ?? `${PROVINCE_CODE}-${slug(p.name_en)}`,
      name: p.name,
      nameEn: p.name_en,
      adminLevel: p.admin_level,
      countryCode: 'VNM',
      provinceCode: PROVINCE_CODE,
      source: `${p.source} (shapeID ${p.source_id})`,
      licence: p.licence,
      accuracy: p.accuracy,
      geom: asMulti(f.geometry),
    });
  }
  await db.insert(adminAreas).values(areaRows).onConflictDoNothing();

  type BorderProps = { name: string; name_en: string; section: 'land' | 'river' | 'maritime'; source?: string };
  await db
    .insert(borderLines)
    .values(
      readFeatures<BorderProps>('border-quang-ninh.geojson').map((f) => ({
        id: `${PROVINCE_CODE}-${f.properties.section}`,
        section: f.properties.section,
        name: f.properties.name,
        nameEn: f.properties.name_en,
        provinceCode: PROVINCE_CODE,
        source: f.properties.source ?? '© OpenStreetMap contributors, ODbL 1.0 (via the geo-maps project)',
        geom: asMulti(f.geometry),
      })),
    )
    .onConflictDoNothing();

  // Derived from the border lines; cheap (a few hundred segments), so refreshed on every start.
  await db.execute(sql`REFRESH MATERIALIZED VIEW border_side_line_cached`);
  await db.execute(sql`REFRESH MATERIALIZED VIEW border_side_segments`);

  type PlaceProps = { name: string; name_en: string; kind: string; source: string; confidence: string; uncertainty_m?: number };
  await db
    .insert(places)
    .values(
      readFeatures<PlaceProps>('places.geojson').map((f) => ({
        id: `${f.properties.kind}-${slug(f.properties.name_en)}`.slice(0, 80),
        name: f.properties.name,
        nameEn: f.properties.name_en,
        kind: f.properties.kind,
        confidence: f.properties.confidence === 'exact-from-data' ? ('exact_from_data' as const) : ('approximate' as const),
        uncertaintyM: f.properties.uncertainty_m ?? null,
        source: f.properties.source,
        geom: f.geometry,
      })),
    )
    .onConflictDoNothing();
}

export const DEMO_PASSWORD = 'Vigil@2026';

interface DemoUser {
  username: string;
  displayName: string;
  role: Role;
  agencyId: string;
  provinceCode: string | null;
}

export const DEMO_USERS: DemoUser[] = [
  { username: 'leader', displayName: 'Lãnh đạo tỉnh (demo)', role: 'leadership', agencyId: 'ubnd-qn', provinceCode: PROVINCE_CODE },
  { username: 'operator', displayName: 'Trực ban TTĐH (demo)', role: 'operator', agencyId: 'ubnd-mongcai', provinceCode: PROVINCE_CODE },
  { username: 'planner', displayName: 'Tham mưu BĐBP (demo)', role: 'planner', agencyId: 'bdbp-qn', provinceCode: PROVINCE_CODE },
  { username: 'viewer', displayName: 'Sở Y tế (demo)', role: 'agency_viewer', agencyId: 'syt-qn', provinceCode: PROVINCE_CODE },
  { username: 'admin', displayName: 'Quản trị hệ thống (demo)', role: 'admin', agencyId: 'stttt-qn', provinceCode: null },
  // The camera programme: the province's Department of Information and Communications runs it,
  // the ministry watches every province, VNPT's staff survey and connect their facilities.
  { username: 'telecom', displayName: 'Kỹ thuật VNPT Quảng Ninh (demo)', role: 'telecom', agencyId: 'vnpt-qn', provinceCode: PROVINCE_CODE },
  { username: 'dic', displayName: 'Sở TT&TT Quảng Ninh (demo)', role: 'agency_viewer', agencyId: 'stttt-qn', provinceCode: PROVINCE_CODE },
  { username: 'mic', displayName: 'Bộ TT&TT (demo)', role: 'agency_viewer', agencyId: 'bo-tttt', provinceCode: null },
];

/** The demo users that came with the camera programme (demo seed version 6). */
const PROGRAMME_USERS = new Set(['telecom', 'dic', 'mic']);

const DEMO_AGENCIES = [
  { id: 'ubnd-qn', name: 'UBND tỉnh Quảng Ninh', nameEn: 'Quang Ninh Provincial People’s Committee', kind: 'people_committee' as const },
  { id: 'ubnd-mongcai', name: 'UBND thành phố Móng Cái', nameEn: 'Mong Cai City People’s Committee', kind: 'people_committee' as const },
  { id: 'bdbp-qn', name: 'Bộ đội Biên phòng tỉnh Quảng Ninh', nameEn: 'Quang Ninh Border Guard', kind: 'border_guard' as const },
  { id: 'syt-qn', name: 'Sở Y tế Quảng Ninh', nameEn: 'Quang Ninh Department of Health', kind: 'health' as const },
  { id: 'stttt-qn', name: 'Sở Thông tin và Truyền thông Quảng Ninh', nameEn: 'Quang Ninh Department of Information and Communications', kind: 'information' as const },
  { id: 'vnpt-qn', name: 'VNPT Quảng Ninh', nameEn: 'VNPT Quang Ninh', kind: 'telecom' as const },
];

/**
 * Demo objects (cameras, posts, facilities, hotspot polygons, users), placed along the real
 * border line. Runs once per DEMO_SEED_VERSION, so what users change or delete stays so.
 */
export async function seedDemoData(database: Database, demo: DemoSeedOptions): Promise<number> {
  const hashed = demo.passwordHash;
  return database.db.transaction(async (tx) => {
    const key = 'demo_seed_version';
    const [row] = await tx.select({ value: appMeta.value }).from(appMeta).where(sql`${appMeta.key} = ${key}`).for('update');
    const current = typeof row?.value === 'number' ? row.value : 0;
    if (current >= DEMO_SEED_VERSION) return current;
    // Claiming the version first makes a concurrent second instance wait, then skip.
    await tx
      .insert(appMeta)
      .values({ key, value: DEMO_SEED_VERSION })
      .onConflictDoUpdate({ target: appMeta.key, set: { value: DEMO_SEED_VERSION, updatedAt: sql`now()` } });
    if (current < 1) {
      await tx
        .insert(agencies)
        .values(DEMO_AGENCIES.map((a) => ({ ...a, provinceCode: PROVINCE_CODE, isDemo: true })))
        .onConflictDoNothing();
      await tx
        .insert(users)
        .values(DEMO_USERS.filter((u) => !PROGRAMME_USERS.has(u.username)).map((u) => ({ ...u, passwordHash: hashed, isDemo: true })))
        .onConflictDoNothing();
      for (const statement of demoGeometrySql()) await tx.execute(statement);
    }
    if (current < 2) {
      // Demo cameras play the built-in demo feed (lib/video/demo-source.ts); two are
      // unreachable and one frozen, so the map shows every status.
      await tx.execute(sql`
        UPDATE cameras SET stream_url = 'demo://' || CASE code
            WHEN 'CAM-RB-05' THEN 'offline-' WHEN 'CAM-QF-DEMO-3-2' THEN 'offline-' WHEN 'CAM-RB-12' THEN 'stalled-' ELSE '' END
          || lower(code) || '/live.m3u8'
        WHERE is_demo AND stream_url IS NULL`);
    }
    if (current < 3) {
      // Descriptions in one language each (they mixed Vietnamese and English before).
      for (const statement of descriptionSql()) await tx.execute(statement);
    }
    if (current < 4) {
      // Three teams at every post and a 24/7 roster around today, with a few gaps to find.
      for (const statement of rosterSql(demo.shiftStarts, Date.now())) await tx.execute(statement);
    }
    if (current < 5) {
      // Two patrol routes linking control posts, and a first version for every drawn object.
      for (const statement of planningSql()) await tx.execute(statement);
    }
    if (current < 6) {
      // The quarantine-facility camera programme: agencies, its users, three dozen facilities with history.
      await tx.insert(agencies).values(PROGRAMME_AGENCIES.map((a) => ({ ...a, isDemo: true }))).onConflictDoNothing();
      await tx
        .insert(users)
        .values(DEMO_USERS.filter((u) => PROGRAMME_USERS.has(u.username)).map((u) => ({ ...u, passwordHash: hashed, isDemo: true })))
        .onConflictDoNothing();
      for (const statement of programmeSeedSql(Date.now())) await tx.execute(statement);
    }
    return DEMO_SEED_VERSION;
  });
}

/**
 * Demo teams and roster: three teams per post rotating through the shifts, from five weeks ago
 * to two months ahead. Gaps, so the map and the roster have something to show at any hour:
 * posts 7 and 23 have nobody on the last shift of the day, post 41 nobody on the first, and
 * post 66 nobody on even days.
 */
function rosterSql(shiftStarts: readonly number[], now: number) {
  const shifts = shiftStarts.map((start, i) => ({ i, start, end: i + 1 < shiftStarts.length ? shiftStarts[i + 1]! : shiftStarts[0]! + 1440 }));
  const today = localDateOf(now);
  const last = shiftStarts.length - 1;
  return [
    sql`
      INSERT INTO teams (checkpoint_id, name, call_sign, officer_count, phone, agency_id, province_code)
      SELECT p.id, 'Tổ ' || n, coalesce(p.code, 'P') || '-' || n, greatest(2, p.staffing + (n - 2) * (p.staffing / 6)),
        '0203 ' || lpad(((hashtext(p.id::text || n) & 2147483647) % 1000000)::text, 6, '0'), p.agency_id, p.province_code
      FROM checkpoints p, generate_series(1, 3) n
      WHERE NOT EXISTS (SELECT 1 FROM teams t WHERE t.checkpoint_id = p.id)`,
    sql`
      INSERT INTO roster_assignments (checkpoint_id, team_id, shift_date, shift_index, starts_at, ends_at)
      SELECT p.id, t.id, d.day, s.i,
        (d.day::timestamp + make_interval(mins => s.start_min)) AT TIME ZONE ${TIME_ZONE},
        (d.day::timestamp + make_interval(mins => s.end_min)) AT TIME ZONE ${TIME_ZONE}
      FROM checkpoints p
      CROSS JOIN LATERAL (SELECT ${today}::date + k AS day, ${today}::date + k - date '2000-01-01' AS n FROM generate_series(-35, 60) k) d
      CROSS JOIN jsonb_to_recordset(${JSON.stringify(shifts.map((x) => ({ i: x.i, start_min: x.start, end_min: x.end })))}::jsonb) AS s(i int, start_min int, end_min int)
      JOIN (SELECT id, checkpoint_id, row_number() OVER (PARTITION BY checkpoint_id ORDER BY name) - 1 AS k FROM teams) t
        ON t.checkpoint_id = p.id AND t.k = (d.n + s.i) % 3
      WHERE NOT (p.code IN ('POST-007', 'POST-023') AND s.i = ${last})
        AND NOT (p.code = 'POST-041' AND s.i = 0)
        AND NOT (p.code = 'POST-066' AND d.n % 2 = 0)
      ON CONFLICT (checkpoint_id, shift_date, shift_index) DO NOTHING`,
  ];
}

/**
 * Demo patrol routes (posts to posts, so they stay in Viet Nam) and version 1 of every zone,
 * route and post that has no history yet, so each object's history starts somewhere.
 */
function planningSql() {
  const route = (code: string, name: string, nameEn: string, kind: string, from: number, to: number) => sql`
    INSERT INTO patrol_routes (code, name, name_en, description, description_en, kind, severity, agency_id, province_code, is_demo, confidence, geom)
    SELECT ${code}, ${name}, ${nameEn}, 'Tuyến tuần tra nối các chốt (demo).', 'Patrol route linking the posts (demo).', ${kind}::route_kind, 'medium',
      'bdbp-qn', ${PROVINCE_CODE}, true, 'demo', ST_MakeLine(geom ORDER BY code)
    FROM checkpoints WHERE code BETWEEN ${`POST-${String(from).padStart(3, '0')}`} AND ${`POST-${String(to).padStart(3, '0')}`}
    HAVING count(*) >= 2
    ON CONFLICT (code) DO NOTHING`;
  const firstVersions = (layer: string, table: string) => sql`
    INSERT INTO plan_versions (layer, object_id, version, action, changed_at, changed_fields, attributes, geom, province_code, agency_id)
    SELECT ${layer}, x.id, x.version, 'create', x.created_at, '[]'::jsonb,
      json_build_object('name', x.name, 'nameEn', x.name_en, 'kind', x.kind, 'severity', x.severity, 'notes', x.description, 'agencyId', x.agency_id)::jsonb,
      x.geom, x.province_code, x.agency_id
    FROM ${sql.raw(table)} x
    WHERE NOT EXISTS (SELECT 1 FROM plan_versions v WHERE v.layer = ${layer} AND v.object_id = x.id)
    ON CONFLICT DO NOTHING`;
  return [
    route('ROUTE-FOOT-1', 'Tuyến tuần tra bộ chốt 20–30', 'Foot patrol, posts 20–30', 'foot_patrol', 20, 30),
    route('ROUTE-VEH-1', 'Tuyến tuần tra cơ giới chốt 50–62', 'Vehicle patrol, posts 50–62', 'vehicle_patrol', 50, 62),
    firstVersions('zones', 'zones'),
    firstVersions('routes', 'patrol_routes'),
    firstVersions('posts', 'checkpoints'),
  ];
}

/** Each seeded object's description in Vietnamese and in English. */
function descriptionSql() {
  return [
    sql`UPDATE zones SET
        description = 'Vị trí ước lượng: không có ranh giới phường, xã mở; vẽ thành dải 800 m phía Việt Nam dọc đoạn biên giới tương ứng.',
        description_en = 'Approximate: no open ward boundaries exist; drawn as an 800 m band on the Vietnamese side along that stretch of the border.'
      WHERE code IN ('Z1', 'Z2', 'BEN-NGOC')`,
    sql`UPDATE zones SET description = 'Dải 3 km phía Việt Nam dọc biên giới (demo).', description_en = '3 km band on the Vietnamese side along the border (demo).' WHERE code LIKE 'PS-%'`,
    sql`UPDATE zones SET description = 'Bán kính 150 m (demo).', description_en = '150 m radius (demo).' WHERE code LIKE 'QP-%'`,
    sql`UPDATE checkpoints SET description = 'Vị trí ước lượng (±' || uncertainty_m || ' m).', description_en = 'Approximate position (±' || uncertainty_m || ' m).' WHERE code LIKE 'GATE-%'`,
    sql`UPDATE checkpoints SET
        description = 'Không có dữ liệu mở về vị trí; đặt tại bờ biển gần Trạm Km15 nhất.',
        description_en = 'No open data locates it; placed on the coast nearest the Km15 station.'
      WHERE code = 'WHARF-DAN-TIEN'`,
    sql`UPDATE quarantine_facilities SET
        description = 'Vị trí ước lượng (±1 km). Sức chứa và đầu mối liên hệ là dữ liệu demo.',
        description_en = 'Approximate position (±1 km). Capacity and contact person are demo data.'
      WHERE code = 'QF-MONGCAI-GATE'`,
    sql`UPDATE quarantine_facilities SET description = 'Cơ sở demo, vị trí không có thật.', description_en = 'Demo facility at an invented position.' WHERE code LIKE 'QF-DEMO-%'`,
  ];
}

/**
 * The demo map objects, generated in PostGIS from the real border trace. Offsets are
 * metres toward the right of the trace's west-to-east direction, which is the Vietnamese side.
 */
function demoGeometrySql() {
  const P = PROVINCE_CODE;
  // Distance (m) along the trace of the point nearest the Mong Cai gate; the hotspot wards
  // lie upstream (west) of it along the Ka Long river.
  const trace = sql`(SELECT geom, ST_Length(geom::geography) AS len,
      ST_LineLocatePoint(geom, ST_SetSRID(ST_MakePoint(107.96565, 21.53593), 4326)) * ST_Length(geom::geography) AS gate_m
    FROM border_trace WHERE province_code = ${P})`;
  // A point `off` metres to the Vietnamese side of the trace at `m` metres along it, and the bearing back to the line.
  const along = (m: string, off: string) => sql.raw(`
      pg_temp.inside_vn(ST_Project(ST_LineInterpolatePoint(t.geom, (${m}) / t.len)::geography, ${off},
        ST_Azimuth(ST_LineInterpolatePoint(t.geom, greatest((${m}) - 150, 0) / t.len)::geography,
                   ST_LineInterpolatePoint(t.geom, least((${m}) + 150, t.len) / t.len)::geography) + pi() / 2)::geometry, 150)`);
  const facingLine = (m: string) => sql.raw(`
      degrees(ST_Azimuth(ST_LineInterpolatePoint(t.geom, greatest((${m}) - 150, 0) / t.len)::geography,
                         ST_LineInterpolatePoint(t.geom, least((${m}) + 150, t.len) / t.len)::geography)) - 90`);
  const statements = [
    // Moves a point that fell outside Viet Nam (into the river, the sea or across a meander)
    // `margin` metres past the nearest Vietnamese shore or border, so demo objects stand on land.
    sql`CREATE OR REPLACE FUNCTION pg_temp.inside_vn(p geometry, margin float) RETURNS geometry LANGUAGE sql STABLE AS $$
      SELECT CASE WHEN ST_Within(p, vn.geom) THEN p
        ELSE ST_Project(ST_ClosestPoint(vn.geom, p)::geography, margin,
                        ST_Azimuth(p::geography, ST_ClosestPoint(vn.geom, p)::geography))::geometry END
      FROM admin_areas vn WHERE vn.code = 'VNM'
    $$`,
  ];
  // Hotspot and patrol-sector polygons are derived once on a PostGIS server
  // (scripts/derive-demo-zones.ts) and loaded as GeoJSON, identical on both engines.
  type ZoneProps = { code: string; name: string; name_en: string; kind: string; description: string; confidence: string; uncertainty_m: number | null };
  for (const f of readFeatures<ZoneProps>('demo-zones.geojson')) {
    const p = f.properties;
    statements.push(sql`
      INSERT INTO zones (code, name, name_en, description, kind, agency_id, province_code, is_demo, confidence, uncertainty_m, geom)
      VALUES (${p.code}, ${p.name}, ${p.name_en}, ${p.description}, ${p.kind}::zone_kind, 'bdbp-qn', ${P}, true,
        ${p.confidence}::position_confidence, ${p.uncertainty_m}, ST_SetSRID(ST_GeomFromGeoJSON(${JSON.stringify(f.geometry)}), 4326))
      ON CONFLICT (code) DO NOTHING`);
  }

  // Real checkpoints from places.geojson (approximate positions) and the Dan Tien wharf,
  // which no open data locates: placed on the coast nearest the Km15 station and labelled so.
  statements.push(sql`
    INSERT INTO checkpoints (code, name, name_en, description, kind, staffing, agency_id, province_code, is_demo, confidence, uncertainty_m, geom)
    SELECT 'GATE-' || upper(substr(md5(p.id), 1, 6)), p.name, p.name_en, 'Vị trí ước lượng (±' || p.uncertainty_m || ' m). ' || p.source,
      CASE WHEN p.kind = 'checkpoint' THEN 'joint_station'::checkpoint_kind ELSE 'border_gate'::checkpoint_kind END,
      12, 'bdbp-qn', ${P}, false, 'approximate', p.uncertainty_m, p.geom
    FROM places p WHERE p.kind IN ('border_gate', 'checkpoint')
    ON CONFLICT (code) DO NOTHING`);
  statements.push(sql`
    INSERT INTO checkpoints (code, name, name_en, description, kind, staffing, agency_id, province_code, is_demo, confidence, uncertainty_m, geom)
    SELECT 'WHARF-DAN-TIEN', 'Bến tàu Dân Tiến (vị trí ước lượng)', 'Dan Tien wharf (approximate position)',
      'Không có dữ liệu mở về vị trí; đặt tại bờ biển gần Trạm Km15 nhất. No open data locates it.',
      'wharf', 6, 'bdbp-qn', ${P}, true, 'approximate', 5000,
      ST_ClosestPoint(ST_Boundary(vn.geom), km15.geom)
    FROM admin_areas vn, places km15
    WHERE vn.code = 'VNM' AND km15.kind = 'checkpoint'
    ON CONFLICT (code) DO NOTHING`);
  // 92 control posts spread evenly along the border, 300 m inside Viet Nam, 4–8 officers each.
  statements.push(sql`
    INSERT INTO checkpoints (code, name, name_en, kind, staffing, agency_id, province_code, is_demo, confidence, geom)
    SELECT 'POST-' || lpad(i::text, 3, '0'), 'Chốt kiểm soát ' || i, 'Control post ' || i, 'control_post',
      4 + (i * 7) % 5, 'bdbp-qn', ${P}, true, 'demo', ${along('(i - 0.5) / 92.0 * t.len', '300')}
    FROM ${trace} t, generate_series(1, 92) i
    ON CONFLICT (code) DO NOTHING`);

  // Quarantine facilities: the real 2020 temporary site at the Mong Cai gate, and three demo sites.
  statements.push(sql`
    INSERT INTO quarantine_facilities (code, name, name_en, description, capacity, agency_id, province_code, is_demo, confidence, uncertainty_m, geom)
    SELECT 'QF-MONGCAI-GATE', p.name, p.name_en, 'Vị trí ước lượng (±1 km). Sức chứa và đầu mối liên hệ là dữ liệu demo. ' || p.source,
      120, 'syt-qn', ${P}, false, 'approximate', p.uncertainty_m, p.geom
    FROM places p WHERE p.kind = 'quarantine_facility'
    ON CONFLICT (code) DO NOTHING`);
  statements.push(sql`
    INSERT INTO quarantine_facilities (code, name, name_en, description, capacity, agency_id, province_code, is_demo, confidence, geom)
    SELECT v.code, v.name, v.name_en, 'Cơ sở demo, vị trí không có thật.', v.capacity, 'syt-qn', ${P}, true, 'demo',
      ST_Project(c.geom::geography, v.off, radians(v.dir))::geometry
    FROM (VALUES
      ('QF-DEMO-1', 'Khu cách ly tập trung số 1 (demo)', 'Central quarantine site 1 (demo)', 300, 'Nguyễn Văn A (demo)', '0203 000 101', 'city-mong-cai-city-centre', 1800, 200),
      ('QF-DEMO-2', 'Khu cách ly tập trung số 2 (demo)', 'Central quarantine site 2 (demo)', 150, 'Trần Thị B (demo)', '0203 000 102', 'city-quang-ha-seat-of-hai-ha-district', 1200, 90),
      ('QF-DEMO-3', 'Khu cách ly tập trung số 3 (demo)', 'Central quarantine site 3 (demo)', 80, 'Lê Văn C (demo)', '0203 000 103', 'city-binh-lieu-town-seat-of-binh-lieu-district', 1000, 160)
    ) AS v(code, name, name_en, capacity, contact, phone, place_id, off, dir)
    JOIN places c ON c.id = v.place_id
    ON CONFLICT (code) DO NOTHING`);
  statements.push(sql`
    INSERT INTO zones (code, name, name_en, description, kind, agency_id, province_code, is_demo, confidence, geom)
    SELECT 'QP-' || f.code, 'Vành đai cách ly – ' || f.name, 'Quarantine perimeter – ' || f.name_en, 'Bán kính 150 m (demo).',
      'quarantine_perimeter', 'syt-qn', ${P}, true, 'demo', ST_Multi(ST_Buffer(f.geom::geography, 150, 24)::geometry)
    FROM quarantine_facilities f
    -- The real 2020 site is known only to ±1 km: a 150 m perimeter would be false precision.
    WHERE f.is_demo
    ON CONFLICT (code) DO NOTHING`);

  // 37 cameras: 16 on the river bank, 3 AI cameras at each hotspot, 4 at Km15 – Dan Tien, 8 at facilities.
  statements.push(sql`
    INSERT INTO cameras (code, name, name_en, kind, infrared, bearing_deg, fov_deg, range_m, agency_id, province_code, is_demo, confidence, geom)
    SELECT 'CAM-RB-' || lpad(i::text, 2, '0'), 'Camera bờ sông ' || i, 'River bank camera ' || i,
      CASE WHEN i % 4 = 0 THEN 'ptz'::camera_kind ELSE 'fixed'::camera_kind END, i % 2 = 0,
      (${facingLine('m')})::real, CASE WHEN i % 4 = 0 THEN 360 ELSE 70 END, 350, 'ubnd-mongcai', ${P}, true, 'demo', ${along('m', '120')}
    FROM ${trace} t, LATERAL (SELECT i, t.gate_m - 30000 + (i - 1) * (36000.0 / 15) AS m FROM generate_series(1, 16) i) s
    ON CONFLICT (code) DO NOTHING`);
  statements.push(sql`
    INSERT INTO cameras (code, name, name_en, kind, infrared, bearing_deg, fov_deg, range_m, agency_id, province_code, zone_id, is_demo, confidence, geom)
    SELECT 'CAM-' || z.code || '-' || i, 'Camera AI ' || z.code || '-' || i, 'AI camera ' || z.code || '-' || i,
      'ai', true, (${facingLine('m')})::real, 100, 500, 'bdbp-qn', ${P}, z.id, true, 'demo', ${along('m', '150')}
    FROM ${trace} t
    JOIN (VALUES ('Z1', -7000, -2500), ('Z2', -2500, 300), ('BEN-NGOC', -16000, -11000)) AS h(code, a, b) ON true
    JOIN zones z ON z.code = h.code
    CROSS JOIN LATERAL (SELECT i, t.gate_m + h.a + (h.b - h.a) * (i - 0.5) / 3.0 AS m FROM generate_series(1, 3) i) s
    ON CONFLICT (code) DO NOTHING`);
  statements.push(sql`
    INSERT INTO cameras (code, name, name_en, kind, infrared, bearing_deg, fov_deg, range_m, agency_id, province_code, is_demo, confidence, geom)
    SELECT v.code, v.name, v.name_en, v.kind::camera_kind, true, v.bearing, v.fov, 250, 'bdbp-qn', ${P}, true, 'demo',
      pg_temp.inside_vn(ST_Project(c.geom::geography, v.off, radians(v.dir))::geometry, 30)
    FROM (VALUES
      ('CAM-KM15-1', 'Camera Trạm Km15 – làn vào', 'Km15 station – inbound lane', 'fixed', 60, 70, 'JOINT', 40, 45),
      ('CAM-KM15-2', 'Camera Trạm Km15 – PTZ', 'Km15 station – PTZ', 'ptz', 0, 360, 'JOINT', 40, 225),
      ('CAM-DT-1', 'Camera bến Dân Tiến – cầu cảng', 'Dan Tien wharf – pier', 'fixed', 180, 80, 'WHARF', 60, 0),
      ('CAM-DT-2', 'Camera bến Dân Tiến – PTZ', 'Dan Tien wharf – PTZ', 'ptz', 0, 360, 'WHARF', 60, 90)
    ) AS v(code, name, name_en, kind, bearing, fov, target, off, dir)
    JOIN checkpoints c ON (v.target = 'JOINT' AND c.kind = 'joint_station') OR (v.target = 'WHARF' AND c.code = 'WHARF-DAN-TIEN')
    ON CONFLICT (code) DO NOTHING`);
  statements.push(sql`
    INSERT INTO cameras (code, name, name_en, kind, infrared, bearing_deg, fov_deg, range_m, agency_id, province_code, facility_id, is_demo, confidence, geom)
    SELECT 'CAM-' || f.code || '-' || i, 'Camera ' || f.name || ' #' || i, 'Camera ' || f.name_en || ' #' || i,
      CASE WHEN i = 1 THEN 'fixed'::camera_kind ELSE 'ptz'::camera_kind END, true, (i * 137) % 360, CASE WHEN i = 1 THEN 90 ELSE 360 END, 80,
      'syt-qn', ${P}, f.id, true, 'demo', pg_temp.inside_vn(ST_Project(f.geom::geography, 40, radians(i * 137))::geometry, 30)
    FROM quarantine_facilities f, generate_series(1, 2) i
    ON CONFLICT (code) DO NOTHING`);
  return statements;
}

/** What the demo data needs from the app: DEMO_PASSWORD hashed as sign-in checks it, and the shifts' start times. */
export interface DemoSeedOptions {
  passwordHash: string;
  shiftStarts: readonly number[];
}

/**
 * Everything a fresh installation needs: reference data always, demo data when given its
 * options (lib/demo/seed.ts hashes the password and reads the settings).
 */
export async function seedDatabaseWith(database: Database, demo: DemoSeedOptions | null): Promise<void> {
  await seedReferenceData(database.db);
  if (demo) await seedDemoData(database, demo);
}

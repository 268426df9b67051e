import 'server-only';
import { sql } from 'drizzle-orm';
import { readFeatures } from '@/db/seed-files';
import { localDateOf } from '@/lib/domain/local-time';
import { PROVINCE_CODE, TIME_ZONE } from '@/lib/domain/region';

// The demo's objects as SQL, each set run once by its demo seed version (db/seed.ts): posts,
// cameras, facilities and hotspot polygons placed from the real border trace, their
// descriptions in both languages, patrol routes with first versions, teams and a roster.

/**
 * Demo teams and roster: three teams per post rotating through the shifts, from five weeks ago
 * to two months ahead. Gaps, so the map and the roster have something to show at any hour:
 * posts 7 and 23 have nobody on the last shift of the day, post 41 nobody on the first, and
 * post 66 nobody on even days.
 */
export function rosterSql(shiftStarts: readonly number[], now: number) {
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
export function planningSql() {
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
export function descriptionSql() {
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
export function demoGeometrySql() {
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

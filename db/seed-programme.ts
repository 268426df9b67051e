import { sql } from 'drizzle-orm';
import type { FacilityStage, FacilityStatus } from '@/lib/domain/facilities';
import { PROVINCE_CODE } from '@/lib/domain/region';
import { addDays, DAY_MS, localDateOf, localInstant } from '@/lib/domain/local-time';

// Demo data for the quarantine-facility camera programme: three dozen facilities in three
// provinces at every stage, with contacts, surveys, plans, cameras on the built-in demo feed
// (some unreachable) and two weeks of history, so the dashboard's trend, uptime and the daily
// reports say something on first start. Positions are invented near real towns and marked demo.

export const PROGRAMME_AGENCIES = [
  { id: 'viettel-qn', name: 'Viettel Quảng Ninh', nameEn: 'Viettel Quang Ninh', kind: 'telecom' as const, provinceCode: PROVINCE_CODE },
  { id: 'bo-tttt', name: 'Bộ Thông tin và Truyền thông', nameEn: 'Ministry of Information and Communications', kind: 'information' as const, provinceCode: null },
  { id: 'stttt-ls', name: 'Sở Thông tin và Truyền thông Lạng Sơn', nameEn: 'Lang Son Department of Information and Communications', kind: 'information' as const, provinceCode: 'VN-09' },
  { id: 'syt-ls', name: 'Sở Y tế Lạng Sơn', nameEn: 'Lang Son Department of Health', kind: 'health' as const, provinceCode: 'VN-09' },
  { id: 'vnpt-ls', name: 'VNPT Lạng Sơn', nameEn: 'VNPT Lang Son', kind: 'telecom' as const, provinceCode: 'VN-09' },
  { id: 'viettel-ls', name: 'Viettel Lạng Sơn', nameEn: 'Viettel Lang Son', kind: 'telecom' as const, provinceCode: 'VN-09' },
  { id: 'stttt-hp', name: 'Sở Thông tin và Truyền thông Hải Phòng', nameEn: 'Hai Phong Department of Information and Communications', kind: 'information' as const, provinceCode: 'VN-HP' },
  { id: 'syt-hp', name: 'Sở Y tế Hải Phòng', nameEn: 'Hai Phong Department of Health', kind: 'health' as const, provinceCode: 'VN-HP' },
  { id: 'vnpt-hp', name: 'VNPT Hải Phòng', nameEn: 'VNPT Hai Phong', kind: 'telecom' as const, provinceCode: 'VN-HP' },
  { id: 'viettel-hp', name: 'Viettel Hải Phòng', nameEn: 'Viettel Hai Phong', kind: 'telecom' as const, provinceCode: 'VN-HP' },
];

/** Towns the demo sites are placed near (approximate town centres; the sites are invented). */
const TOWNS: Record<string, { town: string; townEn: string; province: string; lon: number; lat: number }[]> = {
  [PROVINCE_CODE]: [
    { town: 'Hạ Long', townEn: 'Ha Long', province: PROVINCE_CODE, lon: 107.06, lat: 21.0 },
    { town: 'Cẩm Phả', townEn: 'Cam Pha', province: PROVINCE_CODE, lon: 107.3, lat: 21.02 },
    { town: 'Uông Bí', townEn: 'Uong Bi', province: PROVINCE_CODE, lon: 106.78, lat: 21.04 },
    { town: 'Tiên Yên', townEn: 'Tien Yen', province: PROVINCE_CODE, lon: 107.4, lat: 21.33 },
    { town: 'Đầm Hà', townEn: 'Dam Ha', province: PROVINCE_CODE, lon: 107.6, lat: 21.35 },
    { town: 'Hải Hà', townEn: 'Hai Ha', province: PROVINCE_CODE, lon: 107.74, lat: 21.46 },
  ],
  'VN-09': [
    { town: 'Lạng Sơn', townEn: 'Lang Son', province: 'VN-09', lon: 106.76, lat: 21.85 },
    { town: 'Đồng Đăng', townEn: 'Dong Dang', province: 'VN-09', lon: 106.7, lat: 21.94 },
    { town: 'Lộc Bình', townEn: 'Loc Binh', province: 'VN-09', lon: 106.92, lat: 21.76 },
  ],
  'VN-HP': [
    { town: 'Hải Phòng', townEn: 'Hai Phong', province: 'VN-HP', lon: 106.68, lat: 20.86 },
    { town: 'Thủy Nguyên', townEn: 'Thuy Nguyen', province: 'VN-HP', lon: 106.67, lat: 20.93 },
    { town: 'Kiến An', townEn: 'Kien An', province: 'VN-HP', lon: 106.63, lat: 20.81 },
  ],
};

/** Stages of the new sites, in order: every status is represented in every province. */
const PATTERN: FacilityStatus[] = ['connected', 'plan_agreed', 'connected', 'surveyed', 'connecting', 'degraded', 'connected', 'not_surveyed', 'connected', 'plan_agreed', 'degraded', 'connected'];

const AGENCY_OF: Record<string, { health: string; telecoms: string[] }> = {
  [PROVINCE_CODE]: { health: 'syt-qn', telecoms: ['vnpt-qn', 'viettel-qn'] },
  'VN-09': { health: 'syt-ls', telecoms: ['vnpt-ls', 'viettel-ls'] },
  'VN-HP': { health: 'syt-hp', telecoms: ['viettel-hp', 'vnpt-hp'] },
};

const SURNAMES = ['Nguyễn Văn', 'Trần Thị', 'Lê Văn', 'Phạm Thị', 'Hoàng Văn', 'Vũ Thị', 'Đặng Văn', 'Bùi Thị'];
const GIVEN = ['An', 'Bình', 'Cường', 'Dung', 'Hà', 'Hùng', 'Lan', 'Minh', 'Nga', 'Phong', 'Quân', 'Thảo'];

interface FacilitySeed {
  code: string;
  name: string;
  name_en: string;
  address: string;
  managing: string;
  capacity: number;
  occupancy: number;
  agency: string;
  telecom: string | null;
  province: string;
  lon: number;
  lat: number;
  stage: FacilityStage;
  status: FacilityStatus;
  required: number | null;
  target: string | null;
  first_connected: string | null;
  created: string;
}

interface CameraSeed {
  code: string;
  facility: string;
  name: string;
  name_en: string;
  url: string;
  status: 'live' | 'offline';
  since: string;
  lon: number;
  lat: number;
  province: string;
  agency: string;
}

/** The demo programme as rows, relative to `now` (so the history always ends today). */
export function programmeDemo(now: number) {
  const today = localDateOf(now);
  const at = (daysAgo: number, minute = 9 * 60) => localInstant(addDays(today, -daysAgo), minute).toISOString();
  const facilities: FacilitySeed[] = [];
  const cameras: CameraSeed[] = [];
  const events: { code: string; kind: string; at: string; from: string | null; to: string | null; actor: string | null; details: Record<string, unknown> }[] = [];
  const surveys: { code: string; on: string; surveyors: string; cameras: unknown; areas: unknown; needed: number; at: string }[] = [];
  const plans: { code: string; on: string; telecom: string; n: number; target: string; at: string }[] = [];
  const contacts: { code: string; name: string; position: string; phone: string; email: string | null; primary: boolean }[] = [];
  const statusChanges: { camera: string; status: string; at: string; code: string | null }[] = [];

  let serial = 0;
  for (const [province, towns] of Object.entries(TOWNS)) {
    const count = province === PROVINCE_CODE ? 12 : 10;
    const { health, telecoms } = AGENCY_OF[province]!;
    for (let i = 0; i < count; i++) {
      serial++;
      const town = towns[i % towns.length]!;
      const n = Math.floor(i / towns.length) + 1;
      const code = `QF-${province.slice(3)}-${String(i + 1).padStart(2, '0')}`;
      const status = PATTERN[i % PATTERN.length]!;
      const stage: FacilityStage = status === 'connected' || status === 'degraded' ? 'connecting' : status;
      const telecom = stage === 'not_surveyed' ? null : telecoms[i % 2]!;
      const required = ['plan_agreed', 'connecting', 'connected', 'degraded'].includes(status) ? 2 + (serial % 3) : null;
      // Most plans are due within the week; a few were due already (those not connected are late).
      const target = required ? addDays(today, serial % 3 === 2 ? -2 : 3 + (serial % 5)) : null;
      const angle = (serial * 137) % 360;
      const offset = 0.012 + 0.008 * n;
      const lon = town.lon + offset * Math.cos((angle * Math.PI) / 180);
      // North of the town: the coast here runs south and east of every town, so the sites stay on land.
      const lat = town.lat + Math.abs(offset * Math.sin((angle * Math.PI) / 180)) * 0.9;
      const registered = 16 + (serial % 4);
      facilities.push({
        code,
        name: `Khu cách ly tập trung ${town.town} ${n} (demo)`,
        name_en: `${town.townEn} central quarantine site ${n} (demo)`,
        address: `Địa chỉ demo ${n}, ${town.town}`,
        managing: serial % 3 === 0 ? `Bộ Chỉ huy quân sự (demo)` : `UBND ${town.town} (demo)`,
        capacity: 80 + ((serial * 37) % 300),
        occupancy: (serial * 23) % 80,
        agency: health,
        telecom,
        province,
        lon,
        lat,
        stage,
        status,
        required,
        target,
        first_connected: status === 'connected' || status === 'degraded' ? at(6 - (serial % 3), 14 * 60) : null,
        created: at(registered, 8 * 60),
      });
      const actor = 'Sở TT&TT (demo)';
      events.push({ code, kind: 'registered', at: at(registered, 8 * 60), from: null, to: 'not_surveyed', actor, details: {} });
      if (stage !== 'not_surveyed') {
        surveys.push({
          code,
          on: addDays(today, -13 + (serial % 3)),
          surveyors: `Sở TT&TT, Sở Y tế, ${telecom} (demo)`,
          cameras: [
            { label: 'Cổng chính', state: 'working' },
            { label: 'Hành lang tầng 1', state: serial % 2 ? 'faulty' : 'working' },
          ],
          areas: [
            { area: 'entrance', label: 'Cổng chính', covered: true },
            { area: 'corridor', label: 'Hành lang các tầng', covered: serial % 2 === 0 },
            { area: 'perimeter', label: 'Tường rào', covered: false },
            { area: 'room_doors', label: 'Cửa phòng cách ly', covered: false },
          ],
          needed: 2 + (serial % 4),
          at: at(13 - (serial % 3), 10 * 60),
        });
        events.push({ code, kind: 'survey', at: at(13 - (serial % 3), 10 * 60), from: 'not_surveyed', to: 'surveyed', actor, details: {} });
      }
      if (required) {
        plans.push({ code, on: addDays(today, -10 + (serial % 2)), telecom: telecom!, n: required, target: target!, at: at(10 - (serial % 2), 15 * 60) });
        events.push({ code, kind: 'plan', at: at(10 - (serial % 2), 15 * 60), from: 'surveyed', to: 'plan_agreed', actor, details: { camerasToConnect: required } });
      }
      if (stage === 'connecting') {
        events.push({ code, kind: 'connect', at: at(8, 9 * 60), from: 'plan_agreed', to: 'connecting', actor: `${PROGRAMME_AGENCIES.find((a) => a.id === telecom)?.name ?? 'VNPT Quảng Ninh'} (demo)`, details: {} });
      }
      // Cameras: as many as the plan asks when connected or degraded; fewer while connecting.
      const camCount = status === 'connected' || status === 'degraded' ? required! : status === 'connecting' ? required! - 1 : 0;
      // Degraded: one camera down, or every camera down at every other degraded site.
      const allDown = status === 'degraded' && serial % 2 === 0;
      let midnightOutage = false;
      for (let k = 1; k <= camCount; k++) {
        const camCode = `CAM-${code}-${k}`;
        const down = status === 'degraded' && (allDown || k === 1);
        const connectedAt = facilities.at(-1)!.first_connected ?? at(8, 10 * 60);
        cameras.push({
          code: camCode,
          facility: code,
          name: `Camera ${town.town} ${n} #${k} (demo)`,
          name_en: `Camera ${town.townEn} ${n} #${k} (demo)`,
          url: `demo://${down ? 'offline-' : ''}${camCode.toLowerCase()}/live.m3u8`,
          status: down ? 'offline' : 'live',
          since: down ? at(1, 6 * 60 + k * 7) : connectedAt,
          lon: lon + 0.0004 * k,
          lat: lat + 0.0003 * ((k % 2) * 2 - 1),
          province,
          agency: health,
        });
        statusChanges.push({ camera: camCode, status: 'live', at: connectedAt, code: null });
        // An outage across last midnight at every third camera, so yesterday and today each lose part of it.
        if ((serial + k) % 3 === 0 && !down) {
          statusChanges.push({ camera: camCode, status: 'offline', at: at(1, 23 * 60 + 30), code: 'unreachable' });
          statusChanges.push({ camera: camCode, status: 'live', at: at(0, 40), code: null });
          midnightOutage = true;
        }
        if (down) statusChanges.push({ camera: camCode, status: 'offline', at: at(1, 6 * 60 + k * 7), code: 'unreachable' });
      }
      if (status === 'connected' || status === 'degraded') {
        events.push({ code, kind: 'status', at: facilities.at(-1)!.first_connected!, from: 'connecting', to: 'connected', actor: null, details: { required } });
      }
      if (status === 'degraded') events.push({ code, kind: 'status', at: at(1, 6 * 60 + 7), from: 'connected', to: 'degraded', actor: null, details: { required } });
      // While a camera of a connected site was down across midnight, the site was degraded.
      if (status === 'connected' && midnightOutage) {
        events.push({ code, kind: 'status', at: at(1, 23 * 60 + 30), from: 'connected', to: 'degraded', actor: null, details: { required } });
        events.push({ code, kind: 'status', at: at(0, 40), from: 'degraded', to: 'connected', actor: null, details: { required } });
      }
      const first = GIVEN[serial % GIVEN.length]!;
      contacts.push({ code, name: `${SURNAMES[serial % SURNAMES.length]} ${first} (demo)`, position: 'Trưởng khu cách ly', phone: `0912 ${String(100000 + serial * 7919).slice(-6).replace(/(\d{3})(\d{3})/, '$1 $2')}`, email: `dau-moi-${serial}@example.vn`, primary: true });
      if (serial % 3 === 0) contacts.push({ code, name: `${SURNAMES[(serial + 3) % SURNAMES.length]} ${GIVEN[(serial + 5) % GIVEN.length]} (demo)`, position: 'Cán bộ kỹ thuật', phone: `0203 ${String(300000 + serial * 613).slice(-6).replace(/(\d{3})(\d{3})/, '$1 $2')}`, email: null, primary: false });
    }
  }
  return { facilities, cameras, events, surveys, plans, contacts, statusChanges, deadline: addDays(today, 5), today, DAY_MS };
}

/** The statements that write the demo programme (run once, by the demo seed's version 6). */
export function programmeSeedSql(now: number) {
  const d = programmeDemo(now);
  const j = (rows: unknown) => JSON.stringify(rows);
  return [
    // The real programme's deadline was 10 May 2021; the demo's is five days after it was seeded.
    sql`UPDATE programmes SET deadline = ${d.deadline}, updated_at = now() WHERE id = 'quarantine-cameras'`,
    sql`
      INSERT INTO quarantine_facilities (code, name, name_en, description, description_en, address, managing_authority, capacity, occupancy, agency_id, telecom_agency_id,
        province_code, is_demo, confidence, stage, status, status_since, required_cameras, target_date, first_connected_at, created_at, updated_at, geom)
      SELECT code, name, name_en, 'Cơ sở demo, vị trí không có thật.', 'Demo facility at an invented position.', address, managing, capacity, occupancy, agency, telecom,
        province, true, 'demo', stage, status, now(), required, target, first_connected, created, created, ST_SetSRID(ST_MakePoint(lon, lat), 4326)
      FROM jsonb_to_recordset(${j(d.facilities)}::jsonb) AS x(code text, name text, name_en text, address text, managing text, capacity int, occupancy int, agency text,
        telecom text, province text, lon float8, lat float8, stage text, status text, required int, target date, first_connected timestamptz, created timestamptz)
      ON CONFLICT (code) DO NOTHING`,
    sql`
      INSERT INTO facility_events (facility_id, kind, at, actor_name, from_status, to_status, details)
      SELECT f.id, x.kind, x.at, x.actor, x."from", x."to", x.details
      FROM jsonb_to_recordset(${j(d.events)}::jsonb) AS x(code text, kind text, at timestamptz, "from" text, "to" text, actor text, details jsonb)
      JOIN quarantine_facilities f ON f.code = x.code`,
    sql`
      INSERT INTO facility_surveys (facility_id, surveyed_on, surveyors, existing_cameras, areas, cameras_needed, recorded_by, recorded_by_name, created_at)
      SELECT f.id, x."on", x.surveyors, x.cameras, x.areas, x.needed, u.id, 'Sở TT&TT (demo)', x.at
      FROM jsonb_to_recordset(${j(d.surveys)}::jsonb) AS x(code text, "on" date, surveyors text, cameras jsonb, areas jsonb, needed int, at timestamptz)
      JOIN quarantine_facilities f ON f.code = x.code
      CROSS JOIN (SELECT id FROM users WHERE username = 'admin') u`,
    sql`
      INSERT INTO facility_plans (facility_id, agreed_on, telecom_agency_id, cameras_to_connect, method, target_date, recorded_by, recorded_by_name, created_at)
      SELECT f.id, x."on", x.telecom, x.n, 'Đầu ghi hình qua kênh truyền riêng về hệ thống giám sát tập trung (demo)', x.target, u.id, 'Sở TT&TT (demo)', x.at
      FROM jsonb_to_recordset(${j(d.plans)}::jsonb) AS x(code text, "on" date, telecom text, n int, target date, at timestamptz)
      JOIN quarantine_facilities f ON f.code = x.code
      CROSS JOIN (SELECT id FROM users WHERE username = 'admin') u`,
    sql`
      INSERT INTO facility_contacts (facility_id, name, position, phone, email, is_primary)
      SELECT f.id, x.name, x.position, x.phone, x.email, x."primary"
      FROM jsonb_to_recordset(${j(d.contacts)}::jsonb) AS x(code text, name text, position text, phone text, email text, "primary" boolean)
      JOIN quarantine_facilities f ON f.code = x.code`,
    sql`
      INSERT INTO cameras (code, name, name_en, kind, infrared, bearing_deg, fov_deg, range_m, agency_id, province_code, facility_id, is_demo, confidence,
        stream_url, status, status_since, geom)
      SELECT x.code, x.name, x.name_en, 'fixed', true, 0, 90, 60, x.agency, x.province, f.id, true, 'demo', x.url, x.status::camera_status, x.since,
        ST_SetSRID(ST_MakePoint(x.lon, x.lat), 4326)
      FROM jsonb_to_recordset(${j(d.cameras)}::jsonb) AS x(code text, facility text, name text, name_en text, url text, status text, since timestamptz,
        lon float8, lat float8, province text, agency text)
      JOIN quarantine_facilities f ON f.code = x.facility
      ON CONFLICT (code) DO NOTHING`,
    sql`
      INSERT INTO camera_status_changes (camera_id, status, at, error_code)
      SELECT c.id, x.status::camera_status, x.at, x.code
      FROM jsonb_to_recordset(${j(d.statusChanges)}::jsonb) AS x(camera text, status text, at timestamptz, code text)
      JOIN cameras c ON c.code = x.camera`,
    // The four Quang Ninh facilities of the first demo: two connected, one with a plan, one degraded.
    sql`
      UPDATE quarantine_facilities f SET stage = v.stage, status = v.status, required_cameras = v.required, telecom_agency_id = 'vnpt-qn',
        address = v.address, managing_authority = v.managing, occupancy = v.occupancy, target_date = ${addDays(d.today, 2)}::date,
        first_connected_at = CASE WHEN v.status IN ('connected', 'degraded') THEN ${localInstant(addDays(d.today, -5), 11 * 60)}::timestamptz END,
        created_at = ${localInstant(addDays(d.today, -18), 8 * 60)}
      FROM (VALUES
        ('QF-MONGCAI-GATE', 'connecting', 'connected', 2, 'Cửa khẩu quốc tế Móng Cái', 'UBND thành phố Móng Cái', 40),
        ('QF-DEMO-1', 'connecting', 'connected', 2, 'Địa chỉ demo, Móng Cái', 'UBND thành phố Móng Cái (demo)', 120),
        ('QF-DEMO-2', 'plan_agreed', 'plan_agreed', 2, 'Địa chỉ demo, Quảng Hà', 'UBND huyện Hải Hà (demo)', 30),
        ('QF-DEMO-3', 'connecting', 'degraded', 2, 'Địa chỉ demo, Bình Liêu', 'UBND huyện Bình Liêu (demo)', 12)
      ) AS v(code, stage, status, required, address, managing, occupancy)
      WHERE f.code = v.code`,
    sql`
      INSERT INTO facility_events (facility_id, kind, at, actor_name, from_status, to_status, details)
      SELECT f.id, x.kind, ${localInstant(addDays(d.today, -5), 11 * 60)}::timestamptz + make_interval(mins => x.n), x.actor, x."from", x."to", '{}'::jsonb
      FROM quarantine_facilities f
      JOIN (VALUES ('survey', 'not_surveyed', 'surveyed', 'Sở TT&TT (demo)', -3000), ('plan', 'surveyed', 'plan_agreed', 'Sở TT&TT (demo)', -1500),
                   ('connect', 'plan_agreed', 'connecting', 'VNPT Quảng Ninh (demo)', -60), ('status', 'connecting', 'connected', NULL, 0)) AS x(kind, "from", "to", actor, n)
        ON f.code IN ('QF-MONGCAI-GATE', 'QF-DEMO-1', 'QF-DEMO-3') OR (f.code = 'QF-DEMO-2' AND x.kind IN ('survey', 'plan'))`,
    sql`
      INSERT INTO facility_events (facility_id, kind, at, from_status, to_status, details)
      SELECT id, 'status', ${localInstant(addDays(d.today, -1), 7 * 60)}, 'connected', 'degraded', '{}'::jsonb FROM quarantine_facilities WHERE code = 'QF-DEMO-3'`,
    // Their survey and plan, as their history says.
    sql`
      INSERT INTO facility_surveys (facility_id, surveyed_on, surveyors, existing_cameras, areas, cameras_needed, recorded_by, recorded_by_name, created_at)
      SELECT f.id, ${addDays(d.today, -7)}::date, 'Sở TT&TT, Sở Y tế, VNPT Quảng Ninh (demo)', '[{"label": "Cổng chính", "state": "working"}]'::jsonb,
        '[{"area": "entrance", "label": "Cổng chính", "covered": true}, {"area": "corridor", "label": "Hành lang", "covered": false}, {"area": "perimeter", "label": "Tường rào", "covered": false}]'::jsonb,
        2, u.id, 'Sở TT&TT (demo)', ${localInstant(addDays(d.today, -5), 11 * 60)}::timestamptz - interval '3000 minutes'
      FROM quarantine_facilities f CROSS JOIN (SELECT id FROM users WHERE username = 'admin') u
      WHERE f.code IN ('QF-MONGCAI-GATE', 'QF-DEMO-1', 'QF-DEMO-2', 'QF-DEMO-3')`,
    sql`
      INSERT INTO facility_plans (facility_id, agreed_on, telecom_agency_id, cameras_to_connect, method, target_date, recorded_by, recorded_by_name, created_at)
      SELECT f.id, ${addDays(d.today, -6)}::date, 'vnpt-qn', 2, 'Đầu ghi hình qua kênh truyền riêng về hệ thống giám sát tập trung (demo)', ${addDays(d.today, 2)}::date,
        u.id, 'Sở TT&TT (demo)', ${localInstant(addDays(d.today, -5), 11 * 60)}::timestamptz - interval '1500 minutes'
      FROM quarantine_facilities f CROSS JOIN (SELECT id FROM users WHERE username = 'admin') u
      WHERE f.code IN ('QF-MONGCAI-GATE', 'QF-DEMO-1', 'QF-DEMO-2', 'QF-DEMO-3')`,
    sql`
      INSERT INTO camera_status_changes (camera_id, status, at)
      SELECT c.id, 'live', ${localInstant(addDays(d.today, -5), 11 * 60)} FROM cameras c JOIN quarantine_facilities f ON f.id = c.facility_id
      WHERE f.code IN ('QF-MONGCAI-GATE', 'QF-DEMO-1', 'QF-DEMO-3')`,
    sql`
      INSERT INTO camera_status_changes (camera_id, status, at, error_code)
      SELECT c.id, 'offline', ${localInstant(addDays(d.today, -1), 7 * 60)}, 'unreachable' FROM cameras c WHERE c.code = 'CAM-QF-DEMO-3-2'`,
    // Their cameras are in the state their history ends in, so the monitor's first look changes nothing.
    sql`
      UPDATE cameras c SET status = CASE WHEN c.code = 'CAM-QF-DEMO-3-2' THEN 'offline'::camera_status ELSE 'live'::camera_status END,
        status_since = CASE WHEN c.code = 'CAM-QF-DEMO-3-2' THEN ${localInstant(addDays(d.today, -1), 7 * 60)}::timestamptz ELSE ${localInstant(addDays(d.today, -5), 11 * 60)}::timestamptz END
      FROM quarantine_facilities f WHERE f.id = c.facility_id AND f.code IN ('QF-MONGCAI-GATE', 'QF-DEMO-1', 'QF-DEMO-3') AND c.status = 'unknown'`,
    sql`
      INSERT INTO facility_contacts (facility_id, name, position, phone, is_primary)
      SELECT f.id, v.name, 'Đầu mối (demo)', v.phone, true
      FROM (VALUES ('QF-MONGCAI-GATE', 'Đầu mối (demo)', '0203 000 001'), ('QF-DEMO-1', 'Nguyễn Văn A (demo)', '0203 000 101'),
                   ('QF-DEMO-2', 'Trần Thị B (demo)', '0203 000 102'), ('QF-DEMO-3', 'Lê Văn C (demo)', '0203 000 103')) AS v(code, name, phone)
      JOIN quarantine_facilities f ON f.code = v.code
      WHERE NOT EXISTS (SELECT 1 FROM facility_contacts k WHERE k.facility_id = f.id)`,
    // Each facility's status has lasted since its last status row.
    sql`
      UPDATE quarantine_facilities f SET status_since = e.at
      FROM (SELECT facility_id, max(at) AS at FROM facility_events WHERE to_status IS NOT NULL GROUP BY facility_id) e
      WHERE e.facility_id = f.id `,
  ];
}

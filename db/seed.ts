import 'server-only';
import { sql } from 'drizzle-orm';
import type { Database, Db } from '@/db/client';
import { adminAreas, agencies, appMeta, borderLines, places, users, type Role } from '@/db/schema';
import { PROVINCE_CODE } from '@/lib/domain/region';
import { demoGeometrySql, descriptionSql, planningSql, rosterSql } from '@/db/seed-demo-objects';
import { readFeatures, type Feature } from '@/db/seed-files';
import { PROGRAMME_AGENCIES, programmeSeedSql } from '@/db/seed-programme';

/** Bump when the demo set changes; an installation seeds each version once. */
export const DEMO_SEED_VERSION = 6;

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
    .onConflictDoUpdate({ target: places.id, set: { name: sql`excluded.name`, nameEn: sql`excluded.name_en` } });
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

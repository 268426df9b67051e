import { sql } from 'drizzle-orm';
import { AppHeader } from '@/components/app/app-header';
import { CameraAdmin, type AdminCamera } from '@/app/admin/cameras/camera-admin';
import { getDatabase } from '@/lib/database';
import { scopeFor } from '@/lib/auth/permissions';
import { requirePageUser } from '@/lib/auth/session';

export const dynamic = 'force-dynamic';

export default async function CameraAdminPage() {
  const user = await requirePageUser('camera:write', '/admin/cameras');
  const database = await getDatabase();
  const scope = scopeFor(user, 'camera:write')!;
  const where = scope.provinceCode ? sql`WHERE province_code = ${scope.provinceCode}` : sql``;
  // Stream URLs and credentials are write-only: only whether they are set leaves the server.
  const cameras = await database.rows<AdminCamera>(sql`
    SELECT id, code, name, name_en AS "nameEn", kind, infrared, bearing_deg AS "bearingDeg", fov_deg AS "fovDeg", range_m AS "rangeM",
           zone_id AS "zoneId", facility_id AS "facilityId", status, retired_at AS "retiredAt", is_demo AS "isDemo",
           stream_url IS NOT NULL AS "hasStream", stream_username IS NOT NULL OR stream_password IS NOT NULL AS "hasCredentials",
           ST_X(geom) AS lon, ST_Y(geom) AS lat
    FROM cameras ${where} ORDER BY retired_at NULLS FIRST, name`);
  const zones = await database.rows<{ id: string; name: string }>(sql`SELECT id, name FROM zones ${where} ORDER BY name`);
  const facilities = await database.rows<{ id: string; name: string }>(sql`SELECT id, name FROM quarantine_facilities ${where} ORDER BY name`);
  return (
    <div className="app">
      <AppHeader user={user} />
      <main className="app-main">
        <CameraAdmin cameras={cameras} zones={zones} facilities={facilities} />
      </main>
    </div>
  );
}

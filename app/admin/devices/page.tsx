import { sql } from 'drizzle-orm';
import { AppHeader } from '@/components/app/app-header';
import { DeviceAdmin, type AdminDevice } from '@/app/admin/devices/device-admin';
import { getDatabase } from '@/lib/database';
import { scopeFor } from '@/lib/auth/permissions';
import { requirePageUser } from '@/lib/auth/session';

export const dynamic = 'force-dynamic';

export default async function DeviceAdminPage() {
  const user = await requirePageUser('device:manage', '/admin/devices');
  const database = await getDatabase();
  const scope = scopeFor(user, 'device:manage')!;
  const where = scope.provinceCode ? sql`AND province_code = ${scope.provinceCode}` : sql``;
  // Keys are never stored: only their first characters, to tell them apart.
  const devices = await database.rows<AdminDevice>(sql`
    SELECT d.id, d.name, d.camera_ids AS "cameraIds", d.key_prefix AS "keyPrefix", d.created_at AS "createdAt",
           d.revoked_at AS "revokedAt", d.last_used_at AS "lastUsedAt", u.username AS "createdBy",
           (SELECT count(*)::int FROM detections x WHERE x.device_id = d.id) AS detections
    FROM devices d LEFT JOIN users u ON u.id = d.created_by
    ORDER BY d.revoked_at NULLS FIRST, d.created_at DESC`);
  const cameras = await database.rows<{ id: string; name: string; kind: string }>(
    sql`SELECT id, name, kind::text AS kind FROM cameras WHERE retired_at IS NULL ${where} ORDER BY kind <> 'ai', name`,
  );
  return (
    <div className="app">
      <AppHeader user={user} />
      <main className="app-main page-scroll">
        <DeviceAdmin devices={devices.map((d) => ({ ...d, createdAt: new Date(d.createdAt).toISOString(), revokedAt: d.revokedAt && new Date(d.revokedAt).toISOString(), lastUsedAt: d.lastUsedAt && new Date(d.lastUsedAt).toISOString() }))} cameras={cameras} />
      </main>
    </div>
  );
}

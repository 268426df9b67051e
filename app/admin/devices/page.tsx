import { AppPage } from '@/components/app/app-page';
import { DeviceAdmin } from '@/app/admin/devices/device-admin';
import { getDatabase } from '@/lib/database';
import { listCamerasForDevices } from '@/db/queries/cameras';
import { listAdminDevices } from '@/db/queries/devices';
import { scopeFor } from '@/lib/auth/permissions';
import { requirePageUser } from '@/lib/auth/session';

export const dynamic = 'force-dynamic';

export default async function DeviceAdminPage() {
  const user = await requirePageUser('device:manage', '/admin/devices');
  const database = await getDatabase();
  const scope = scopeFor(user, 'device:manage')!;
  const devices = await listAdminDevices(database);
  const cameras = await listCamerasForDevices(database, scope);
  return (
    <AppPage user={user} scroll="page-scroll">
      <DeviceAdmin devices={devices.map((d) => ({ ...d, createdAt: new Date(d.createdAt).toISOString(), revokedAt: d.revokedAt && new Date(d.revokedAt).toISOString(), lastUsedAt: d.lastUsedAt && new Date(d.lastUsedAt).toISOString() }))} cameras={cameras} />
    </AppPage>
  );
}

import { AppPage } from '@/components/app/app-page';
import { CameraAdmin } from '@/app/admin/cameras/camera-admin';
import { getDatabase } from '@/lib/database';
import { listAdminCameras } from '@/db/queries/cameras';
import { listFacilityOptions } from '@/db/queries/programme';
import { listZoneOptions } from '@/db/queries/zones';
import { scopeFor } from '@/lib/auth/permissions';
import { requirePageUser } from '@/lib/auth/session';

export const dynamic = 'force-dynamic';

export default async function CameraAdminPage() {
  const user = await requirePageUser('camera:write', '/admin/cameras');
  const database = await getDatabase();
  const scope = scopeFor(user, 'camera:write')!;
  const cameras = await listAdminCameras(database, scope);
  const zones = await listZoneOptions(database, scope);
  const facilities = await listFacilityOptions(database, scope);
  return (
    <AppPage user={user} scroll="none">
      <CameraAdmin cameras={cameras} zones={zones} facilities={facilities} />
    </AppPage>
  );
}

import { AppPage } from '@/components/app/app-page';
import { CameraStatusTable } from '@/app/cameras/camera-status-table';
import { requirePageUser } from '@/lib/auth/session';

export const dynamic = 'force-dynamic';

export default async function CameraStatusPage() {
  const user = await requirePageUser('camera:read', '/cameras');
  return (
    <AppPage user={user} scroll="none">
      <CameraStatusTable />
    </AppPage>
  );
}

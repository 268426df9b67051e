import { AppHeader } from '@/components/app/app-header';
import { CameraStatusTable } from '@/app/cameras/camera-status-table';
import { requirePageUser } from '@/lib/auth/session';

export const dynamic = 'force-dynamic';

export default async function CameraStatusPage() {
  const user = await requirePageUser('camera:read', '/cameras');
  return (
    <div className="app">
      <AppHeader user={user} />
      <main className="app-main">
        <CameraStatusTable />
      </main>
    </div>
  );
}

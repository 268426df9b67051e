import { AppPage } from '@/components/app/app-page';
import { EventsBrowser } from '@/components/events/events-browser';
import { getDatabase } from '@/lib/database';
import { listCameraOptions } from '@/db/queries/cameras';
import { listZoneOptions } from '@/db/queries/zones';
import { can, scopeFor } from '@/lib/auth/permissions';
import { requirePageUser } from '@/lib/auth/session';

export const dynamic = 'force-dynamic';

export default async function EventsPage() {
  const user = await requirePageUser('detection:read', '/events');
  const scope = scopeFor(user, 'detection:read')!;
  const database = await getDatabase();
  const [cameras, zones] = await Promise.all([listCameraOptions(database, scope), listZoneOptions(database, scope)]);
  return (
    <AppPage user={user} scroll="page-scroll">
      <EventsBrowser cameras={cameras} zones={zones} canExport={can(user, 'detection:export')} />
    </AppPage>
  );
}

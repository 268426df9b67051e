import { sql } from 'drizzle-orm';
import { AppHeader } from '@/components/app/app-header';
import { EventsBrowser } from '@/components/events/events-browser';
import { getDatabase } from '@/lib/database';
import { can, scopeFor } from '@/lib/auth/permissions';
import { requirePageUser } from '@/lib/auth/session';

export const dynamic = 'force-dynamic';

export default async function EventsPage() {
  const user = await requirePageUser('detection:read', '/events');
  const scope = scopeFor(user, 'detection:read')!;
  const database = await getDatabase();
  const where = sql.join(
    [sql`true`, ...(scope.provinceCode ? [sql`province_code = ${scope.provinceCode}`] : []), ...(scope.agencyId ? [sql`agency_id = ${scope.agencyId}`] : [])],
    sql` AND `,
  );
  const [cameras, zones] = await Promise.all([
    database.rows<{ id: string; name: string }>(sql`SELECT id, name FROM cameras WHERE retired_at IS NULL AND ${where} ORDER BY name`),
    database.rows<{ id: string; name: string }>(sql`SELECT id, name FROM zones WHERE ${where} ORDER BY name`),
  ]);
  return (
    <div className="app">
      <AppHeader user={user} />
      <main className="app-main page-scroll">
        <EventsBrowser cameras={cameras} zones={zones} canExport={can(user, 'detection:export')} />
      </main>
    </div>
  );
}

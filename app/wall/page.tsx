import { eq } from 'drizzle-orm';
import { getTranslations } from 'next-intl/server';
import { AppHeader } from '@/components/app/app-header';
import { WallClient } from '@/app/wall/wall-client';
import { getDatabase } from '@/db/client';
import { getCameraStatusTable } from '@/db/queries/camera-health';
import { videoWalls } from '@/db/schema';
import { scopeFor } from '@/lib/auth/permissions';
import { requirePageUser } from '@/lib/auth/session';

export const dynamic = 'force-dynamic';

export default async function WallPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requirePageUser('camera:stream', '/wall');
  const t = await getTranslations();
  const database = await getDatabase();
  const now = new Date();
  const cameras = (await getCameraStatusTable(database, scopeFor(user, 'camera:stream')!, new Date(now.getTime() - 86_400_000), now, false)).filter((c) => c.hasStream);
  const walls = await database.db
    .select({ name: videoWalls.name, layout: videoWalls.layout, cameraIds: videoWalls.cameraIds })
    .from(videoWalls)
    .where(eq(videoWalls.userId, user.id))
    .orderBy(videoWalls.name);
  const requested = (await searchParams).cameras;
  const initial = typeof requested === 'string' ? requested.split(',').filter((id) => cameras.some((c) => c.id === id)) : [];
  return (
    <div className="app">
      <AppHeader user={user} />
      <main className="app-main">
        <h1 className="sr-only">{t('nav.wall')}</h1>
        <WallClient
          cameras={cameras.map(({ id, name, zoneName, facilityName, status, lastErrorCode, isDemo }) => ({ id, name, zoneName, facilityName, status, lastErrorCode, isDemo }))}
          savedWalls={walls.map((w) => ({ ...w, layout: w.layout as 1 | 4 | 9 | 16 }))}
          initialCameraIds={initial}
        />
      </main>
    </div>
  );
}

import { getLocale, getTranslations } from 'next-intl/server';
import { AppPage } from '@/components/app/app-page';
import { WallClient } from '@/app/wall/wall-client';
import { getDatabase } from '@/lib/database';
import { getCameraStatusTable } from '@/db/queries/camera-health';
import { listWalls } from '@/db/queries/walls';
import { can, scopeFor } from '@/lib/auth/permissions';
import { requirePageUser } from '@/lib/auth/session';

export const dynamic = 'force-dynamic';

export default async function WallPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requirePageUser('camera:stream', '/wall');
  const t = await getTranslations();
  const database = await getDatabase();
  const now = new Date();
  const cameras = (await getCameraStatusTable(database, scopeFor(user, 'camera:stream')!, new Date(now.getTime() - 86_400_000), now, false)).filter((c) => c.hasStream);
  const walls = await listWalls(database, user.id);
  const requested = (await searchParams).cameras;
  const asked = typeof requested === 'string' ? requested.split(',').filter((id) => cameras.some((c) => c.id === id)) : [];
  // Opened with nothing asked and nothing saved: the cameras at the hotspots, the ones that matter first.
  const initial = asked.length || walls.length ? asked : cameras.filter((c) => c.zoneKind === 'hotspot' || c.kind === 'ai').map((c) => c.id).slice(0, 16);
  const en = (await getLocale()) === 'en';
  const inLanguage = (vi: string | null, english: string | null) => (en ? english || vi : vi);
  return (
    <AppPage user={user} scroll="none">
      <h1 className="sr-only">{t('nav.wall')}</h1>
      <WallClient
        cameras={cameras.map((c) => ({
          id: c.id,
          name: inLanguage(c.name, c.nameEn)!,
          zoneName: inLanguage(c.zoneName, c.zoneNameEn),
          facilityName: inLanguage(c.facilityName, c.facilityNameEn),
          status: c.status,
          lastErrorCode: c.lastErrorCode,
          isDemo: c.isDemo,
        }))}
        savedWalls={walls.map((w) => ({ name: w.name, layout: w.layout as 1 | 4 | 9 | 16, cameraIds: w.cameraIds }))}
        initialCameraIds={initial}
        canReview={can(user, 'recording:play')}
      />
    </AppPage>
  );
}

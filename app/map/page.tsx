import { getTranslations } from 'next-intl/server';
import { AppHeader } from '@/components/app/app-header';
import { MapView } from '@/components/map/map-view';
import { getDatabase } from '@/db/client';
import { getLayerCounts } from '@/db/queries/layers';
import { scopeFor } from '@/lib/auth/permissions';
import { requirePageUser } from '@/lib/auth/session';
import { getSettings } from '@/lib/settings';

export const dynamic = 'force-dynamic';

export async function generateMetadata() {
  const t = await getTranslations('app');
  return { title: `${t('name')} – ${t('tagline')}` };
}

export default async function MapPage() {
  const user = await requirePageUser('map:view', '/map');
  const counts = await getLayerCounts(await getDatabase(), scopeFor(user, 'layer:read')!);
  return (
    <div className="app">
      <AppHeader user={user} />
      <main className="app-main">
        <MapView counts={counts} externalStyleUrl={getSettings().BASEMAP_STYLE_URL} />
      </main>
    </div>
  );
}

import { getTranslations } from 'next-intl/server';
import { AppHeader } from '@/components/app/app-header';
import { MapView } from '@/components/map/map-view';
import { getDatabase } from '@/db/client';
import { getLayerCounts } from '@/db/queries/layers';
import { can, scopeFor } from '@/lib/auth/permissions';
import { requirePageUser } from '@/lib/auth/session';
import { getSettings } from '@/lib/settings';

export const dynamic = 'force-dynamic';

export async function generateMetadata() {
  const t = await getTranslations('app');
  return { title: `${t('name')} – ${t('tagline')}` };
}

/** The map; `?kiosk=1` for a wall screen (no header, no panels), `?focus=crossings/45` or `?focus=alerts/<id>` to open on an event or an alert. */
export default async function MapPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const kiosk = params.kiosk === '1';
  const focus = typeof params.focus === 'string' && /^((detections|crossings)\/\d{1,15}|alerts\/[0-9a-f-]{36})$/.test(params.focus) ? params.focus : undefined;
  const user = await requirePageUser('map:view', kiosk ? '/map?kiosk=1' : '/map');
  const counts = await getLayerCounts(await getDatabase(), scopeFor(user, 'layer:read')!);
  const t = await getTranslations('map');
  const view = <MapView counts={counts} externalStyleUrl={getSettings().BASEMAP_STYLE_URL} kiosk={kiosk} focus={focus} userName={user.displayName} canReadAlerts={can(user, 'alert:read')} />;
  if (kiosk) {
    return (
      <main className="kiosk-main">
        <h1 className="sr-only">{t('kioskTitle')}</h1>
        {view}
      </main>
    );
  }
  return (
    <div className="app">
      <AppHeader user={user} />
      <main className="app-main">
        <h1 className="sr-only">{t('title')}</h1>
        {view}
      </main>
    </div>
  );
}

import { getTranslations } from 'next-intl/server';
import { AppPage } from '@/components/app/app-page';
import { MapView } from '@/components/map/map-view';
import { getDatabase } from '@/lib/database';
import { getLayerCounts } from '@/db/queries/layers';
import { listPlanningAgencies } from '@/db/queries/plan-features';
import { can, scopeFor } from '@/lib/auth/permissions';
import { requirePageUser } from '@/lib/auth/session';
import { PLAN_LAYERS, PLAN_WRITE_ACTION } from '@/lib/planning/layers';
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
  const database = await getDatabase();
  const counts = await getLayerCounts(database, scopeFor(user, 'layer:read')!);
  const planLayers = kiosk ? [] : PLAN_LAYERS.filter((layer) => can(user, PLAN_WRITE_ACTION[layer]));
  const planning = planLayers.length
    ? { layers: planLayers, agencies: await listPlanningAgencies(database.db, user.provinceCode, user.agencyId), defaultAgencyId: user.agencyId }
    : undefined;
  const t = await getTranslations('map');
  const view = <MapView counts={counts} externalStyleUrl={getSettings().BASEMAP_STYLE_URL} kiosk={kiosk} focus={focus} userName={user.displayName} canReadAlerts={can(user, 'alert:read')} canReview={can(user, 'recording:play')} planning={planning} />;
  if (kiosk) {
    return (
      <main className="kiosk-main">
        <h1 className="sr-only">{t('kioskTitle')}</h1>
        {view}
      </main>
    );
  }
  return (
    <AppPage user={user} scroll="none">
      <h1 className="sr-only">{t('title')}</h1>
      {view}
    </AppPage>
  );
}

import { getTranslations } from 'next-intl/server';
import { AlertInbox } from '@/components/alerts/alert-inbox';
import { AppPage } from '@/components/app/app-page';
import { getDatabase } from '@/lib/database';
import { listZonesHotspotsFirst } from '@/db/queries/zones';
import { z } from 'zod';
import { uuidSchema } from '@/lib/api/schemas';
import { ALERT_KINDS } from '@/lib/domain/alerts';
import { can, scopeFor } from '@/lib/auth/permissions';
import { requirePageUser } from '@/lib/auth/session';

export const dynamic = 'force-dynamic';

export async function generateMetadata() {
  const t = await getTranslations('alerts');
  return { title: `${t('inbox')} – Vigil` };
}

const STATE = z.enum(['open', 'new', 'acknowledged', 'dispatched', 'closed', 'all']);

/** The alert inbox; `?alert=<id>` opens one alert (or its incident); `?state=` and `?kind=` set its filter. */
export default async function AlertsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requirePageUser('alert:read', '/alerts');
  const params = await searchParams;
  const initial = typeof params.alert === 'string' ? uuidSchema.safeParse(params.alert) : null;
  // Figures elsewhere (the overview) link to the list behind them: ?state=closed, ?kind=tip.
  const state = STATE.safeParse(params.state);
  const kind = typeof params.kind === 'string' ? z.enum(ALERT_KINDS).safeParse(params.kind) : null;
  const zones = await listZonesHotspotsFirst(await getDatabase(), scopeFor(user, 'alert:read')!);
  return (
    <AppPage user={user} scroll="none">
      <AlertInbox
        zones={zones}
        canHandle={can(user, 'alert:handle')}
        canTip={can(user, 'tip:write')}
        initialAlert={initial?.success ? initial.data : null}
        initialFilter={{ state: state.success ? state.data : 'open', kinds: kind?.success ? [kind.data] : [] }}
      />
    </AppPage>
  );
}

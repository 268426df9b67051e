import { sql } from 'drizzle-orm';
import { getTranslations } from 'next-intl/server';
import { AlertInbox } from '@/components/alerts/alert-inbox';
import { AppHeader } from '@/components/app/app-header';
import { getDatabase } from '@/db/client';
import { scopeWhere } from '@/db/queries/scope';
import { uuidSchema } from '@/lib/api/schemas';
import { can, scopeFor } from '@/lib/auth/permissions';
import { requirePageUser } from '@/lib/auth/session';

export const dynamic = 'force-dynamic';

export async function generateMetadata() {
  const t = await getTranslations('alerts');
  return { title: `${t('inbox')} – Vigil` };
}

/** The alert inbox; `?alert=<id>` opens one alert (or its incident). */
export default async function AlertsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requirePageUser('alert:read', '/alerts');
  const requested = (await searchParams).alert;
  const initial = typeof requested === 'string' ? uuidSchema.safeParse(requested) : null;
  const zones = await (await getDatabase()).rows<{ id: string; name: string; nameEn: string | null; kind: string }>(sql`
    SELECT id, name, name_en AS "nameEn", kind::text AS kind FROM zones WHERE ${scopeWhere(scopeFor(user, 'alert:read')!, 'zones')}
    ORDER BY (kind = 'hotspot') DESC, name`);
  return (
    <div className="app">
      <AppHeader user={user} />
      <main className="app-main">
        <AlertInbox
          zones={zones}
          canHandle={can(user, 'alert:handle')}
          canTip={can(user, 'tip:write')}
          initialAlert={initial?.success ? initial.data : null}
        />
      </main>
    </div>
  );
}

import { getTranslations } from 'next-intl/server';
import { AppPage } from '@/components/app/app-page';
import { RegisterFacility } from '@/components/programme/register-facility';
import { getDatabase } from '@/lib/database';
import { listAgencies } from '@/db/queries/programme';
import { requirePageUser } from '@/lib/auth/session';

export const dynamic = 'force-dynamic';

export async function generateMetadata() {
  const t = await getTranslations('programme');
  return { title: `${t('nav.register')} – Vigil` };
}

/** Registering a quarantine facility (it starts "not surveyed"). */
export default async function NewFacilityPage() {
  const user = await requirePageUser('facility:write', '/programme/facilities/new');
  const agencies = await listAgencies(await getDatabase(), user.provinceCode);
  return (
    <AppPage user={user} scroll="scroll">
      <RegisterFacility agencies={agencies} national={user.provinceCode === null} />
    </AppPage>
  );
}

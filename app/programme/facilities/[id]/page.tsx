import { notFound } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import { AppPage } from '@/components/app/app-page';
import { FacilityView } from '@/components/programme/facility-view';
import { getDatabase } from '@/lib/database';
import { listAgencies } from '@/db/queries/programme';
import { uuidSchema } from '@/lib/api/schemas';
import { AppError } from '@/lib/api/errors';
import { can, scopeFor } from '@/lib/auth/permissions';
import { requirePageUser } from '@/lib/auth/session';
import { getFacilityPage } from '@/lib/programme/read';
import { localDateOf } from '@/lib/domain/local-time';

export const dynamic = 'force-dynamic';

export async function generateMetadata() {
  const t = await getTranslations('programme');
  return { title: `${t('facility.title')} – Vigil` };
}

/** One facility: details, pipeline, cameras and uptime, contacts, history. Out of scope: not found (and audited). */
export default async function FacilityPage({ params }: { params: Promise<{ id: string }> }) {
  const { id: raw } = await params;
  const user = await requirePageUser('facility:read', `/programme/facilities/${raw}`);
  const id = uuidSchema.safeParse(raw);
  if (!id.success) notFound();
  const database = await getDatabase();
  let facility;
  try {
    facility = await getFacilityPage(database, { actor: user, ip: null }, scopeFor(user, 'facility:read')!, id.data);
  } catch (err) {
    if (err instanceof AppError && err.code === 'not_found') notFound();
    throw err;
  }
  const agencies = await listAgencies(database, facility.provinceCode);
  const resource = { provinceCode: facility.provinceCode, agencyId: facility.agencyId, telecomAgencyId: facility.telecomAgencyId };
  return (
    <AppPage user={user} scroll="scroll">
      <FacilityView
        initial={facility}
        agencies={agencies}
        today={localDateOf(new Date())}
        rights={{ canWrite: can(user, 'facility:write', resource), canProgress: can(user, 'facility:progress', resource), ownTelecom: user.role === 'telecom' ? user.agencyId : null }}
      />
    </AppPage>
  );
}

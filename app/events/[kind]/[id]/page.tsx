import { notFound } from 'next/navigation';
import { AppHeader } from '@/components/app/app-header';
import { EventDetailView } from '@/components/events/event-detail';
import { getDatabase } from '@/db/client';
import { getEventDetail } from '@/db/queries/detections';
import { scopeFor } from '@/lib/auth/permissions';
import { requirePageUser } from '@/lib/auth/session';

export const dynamic = 'force-dynamic';

export default async function EventDetailPage({ params }: { params: Promise<{ kind: string; id: string }> }) {
  const { kind, id } = await params;
  const user = await requirePageUser('detection:read', `/events/${kind}/${id}`);
  const n = Number(id);
  if ((kind !== 'detections' && kind !== 'crossings') || !Number.isSafeInteger(n) || n <= 0) notFound();
  // Out of scope reads as not found: whether an event exists is itself information.
  const detail = await getEventDetail(await getDatabase(), scopeFor(user, 'detection:read')!, kind, n);
  if (!detail) notFound();
  return (
    <div className="app">
      <AppHeader user={user} />
      <main className="app-main page-scroll">
        <EventDetailView detail={detail} />
      </main>
    </div>
  );
}

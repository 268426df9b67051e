import { notFound } from 'next/navigation';
import { AppPage } from '@/components/app/app-page';
import { EventDetailView } from '@/components/events/event-detail';
import { getDatabase } from '@/lib/database';
import { getCameraStreamState } from '@/db/queries/cameras';
import { getEventDetail } from '@/db/queries/detections';
import { getRecordingChoice } from '@/db/queries/recordings';
import { can, scopeFor } from '@/lib/auth/permissions';
import { requirePageUser } from '@/lib/auth/session';

export const dynamic = 'force-dynamic';

export default async function EventDetailPage({ params }: { params: Promise<{ kind: string; id: string }> }) {
  const { kind, id } = await params;
  const user = await requirePageUser('detection:read', `/events/${kind}/${id}`);
  const n = Number(id);
  if ((kind !== 'detections' && kind !== 'crossings') || !Number.isSafeInteger(n) || n <= 0) notFound();
  // Out of scope reads as not found: whether an event exists is itself information.
  const database = await getDatabase();
  const detail = await getEventDetail(database, scopeFor(user, 'detection:read')!, kind, n);
  if (!detail) notFound();
  // The camera that saw it, for its live picture beside the event (when this user may watch it).
  const camera = can(user, 'camera:stream') ? await getCameraStreamState(database, detail.event.cameraId) : null;
  const live = camera && camera.hasStream && can(user, 'camera:stream', camera) ? { status: camera.status, errorCode: camera.lastErrorCode } : null;
  // Its recording at the moment, when the camera records and this user may review it.
  const review = camera !== null && can(user, 'recording:play', camera) && ((await getRecordingChoice(database, camera.id))?.records ?? false);
  return (
    <AppPage user={user} scroll="page-scroll">
      <EventDetailView detail={detail} cameraHealth={live} canReview={review} />
    </AppPage>
  );
}

import { z } from 'zod';
import { AppError } from '@/lib/api/errors';
import { apiRoute, clientIp } from '@/lib/api/handler';
import { getEntryPlaylist, getMediaPlaylist, getSegment, getStreamCamera } from '@/lib/video/proxy';

export const dynamic = 'force-dynamic';

const params = z.object({ id: z.string().uuid(), path: z.array(z.string().max(4096)).min(1).max(2) });

/**
 * HLS through the app: `index.m3u8` (entry, audited), `p/<token>` (media playlists) and
 * `s/<token>` (segments). Every request checks the session and the right to this camera;
 * tokens are encrypted, bound to camera and user, and short-lived.
 */
export const GET = apiRoute({ params, action: 'camera:stream' }, async ({ req, params, user, database }) => {
  const camera = await getStreamCamera(database, user, params.id);
  const [first, second] = params.path;
  if (first === 'index.m3u8' && !second) return getEntryPlaylist(database, camera, user, clientIp(req.headers));
  if (first === 'p' && second) return getMediaPlaylist(camera, user, second);
  if (first === 'g' && second) return getSegment(camera, user, second, req.signal);
  throw new AppError('not_found', 'No such stream resource');
});

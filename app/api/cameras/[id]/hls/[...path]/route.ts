import { z } from 'zod';
import { AppError } from '@/lib/api/errors';
import { apiRoute } from '@/lib/api/handler';
import { cameThroughAccelProxy } from '@/lib/video/accel';
import { getEntryPlaylist, getMediaPlaylist, getSegment, getStreamCamera } from '@/lib/video/proxy';

export const dynamic = 'force-dynamic';

const params = z.object({ id: z.string().uuid(), path: z.array(z.string().max(64)).min(1).max(2) });
const query = z.object({ t: z.string().max(8192).optional() }).strict();

/**
 * HLS through the app: `index.m3u8` (entry, audited), `p/<id>?t=<token>` (media playlists)
 * and `g/<id>?t=<token>` (segments). Every request checks the session and the right to this camera;
 * tokens are encrypted, bound to camera and user, and short-lived. Behind nginx, segments are
 * handed to it after these checks (lib/video/accel.ts).
 */
export const GET = apiRoute({ params, query, action: 'camera:stream' }, async ({ req, params, query, user, database, ip }) => {
  const camera = await getStreamCamera(database, user, params.id);
  const [first, second] = params.path;
  if (first === 'index.m3u8' && !second) return getEntryPlaylist(database, camera, user, ip);
  if (second && query.t === undefined) throw new AppError('forbidden', 'Missing media token');
  if (first === 'p' && second) return getMediaPlaylist(camera, user, { id: second, token: query.t! });
  if (first === 'g' && second) return getSegment(camera, user, { id: second, token: query.t! }, req.signal, { handOver: cameThroughAccelProxy(req.headers) });
  throw new AppError('not_found', 'No such stream resource');
});

import { z } from 'zod';
import { AppError } from '@/lib/api/errors';
import { apiRoute } from '@/lib/api/handler';
import { getRecordedMedia, getRecordingCamera, getRecordingPlaylist, PLAYLIST_MAX_MS } from '@/lib/recording/playback';

export const dynamic = 'force-dynamic';

const params = z.object({ id: z.string().uuid(), path: z.array(z.string().max(64)).min(1).max(2) });
const query = z
  .object({
    from: z.iso.datetime({ offset: true }).optional(),
    to: z.iso.datetime({ offset: true }).optional(),
    t: z.string().max(8192).optional(),
  })
  .strict();

/**
 * Recorded video as HLS: `playlist.m3u8?from=…&to=…` (VOD, audited; at most 30 minutes, `to`
 * defaults to that much after `from`), then `s/<segment>?t=<token>` and `i/<segment>?t=<token>`
 * (its init section) from the recording store.
 */
export const GET = apiRoute({ params, query, action: 'recording:play' }, async ({ params, query, user, database, ip }) => {
  const camera = await getRecordingCamera(database, user, params.id);
  const [first, second] = params.path;
  if (first === 'playlist.m3u8' && !second) {
    if (!query.from) throw new AppError('bad_request', 'from is required');
    const from = Date.parse(query.from);
    const to = query.to ? Date.parse(query.to) : Math.min(Date.now(), from + PLAYLIST_MAX_MS);
    if (!(from < to)) throw new AppError('bad_request', 'from must be before to');
    return getRecordingPlaylist(database, camera, user, from, to, ip);
  }
  if ((first === 's' || first === 'i') && second) {
    if (!/^\d{1,15}$/.test(second)) throw new AppError('not_found', 'No such recorded segment');
    if (!query.t) throw new AppError('forbidden', 'Missing media token');
    return getRecordedMedia(database, camera, user, first, Number(second), query.t);
  }
  throw new AppError('not_found', 'No such recording resource');
});

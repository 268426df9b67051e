import 'server-only';
import { createHash, timingSafeEqual } from 'node:crypto';
import { getSettings } from '@/lib/settings';

// Behind the reference nginx (deploy/nginx/vigil.conf), camera segments are handed to nginx to
// fetch and cache instead of passing through Node: Vigil has already checked the session, the
// right to the camera and the signed media URL. The hand-over names the camera's address and
// credentials in response headers that nginx consumes, so it happens only for a request that
// proves it came through nginx — VIDEO_ACCEL_KEY, which nginx sets on every request it forwards,
// replacing whatever a client sent. Any other request (no nginx in front, or a client reaching an
// instance directly) is streamed by Vigil itself, and nothing of the camera goes out.

/** The request header nginx sets to VIDEO_ACCEL_KEY. */
export const ACCEL_KEY_HEADER = 'x-vigil-accel-key';
/** nginx's internal location that fetches a handed-over segment. */
export const SEGMENT_LOCATION = '/_vigil/segment';

const digest = (value: string) => createHash('sha256').update(value).digest();

/** Whether this request came through nginx, which may be handed segments. */
export function cameThroughAccelProxy(headers: Headers): boolean {
  const key = getSettings().VIDEO_ACCEL_KEY;
  const given = headers.get(ACCEL_KEY_HEADER);
  if (!key || !given) return false;
  return timingSafeEqual(digest(key), digest(given));
}

const SEGMENT_TYPES: [RegExp, string][] = [
  [/\.ts$/i, 'video/mp2t'],
  [/\.(m4s|mp4|m4v|cmfv)$/i, 'video/mp4'],
  [/\.(m4a|cmfa)$/i, 'audio/mp4'],
  [/\.aac$/i, 'audio/aac'],
  [/\.(vtt|webvtt)$/i, 'text/vtt'],
];

/**
 * A segment's type by its name in the playlist: nginx passes the bytes on without looking at them
 * (Vigil's own proxy sniffs them), and the browser is told not to sniff either.
 */
export function segmentTypeByName(url: string): string {
  const pathname = new URL(url).pathname;
  return SEGMENT_TYPES.find(([pattern]) => pattern.test(pathname))?.[1] ?? 'application/octet-stream';
}

/** The hand-over: an empty answer whose headers tell nginx what to fetch, with what, and as what. */
export function segmentHandOver(url: string, authorization: string | null): Response {
  return new Response(null, {
    headers: {
      'X-Accel-Redirect': SEGMENT_LOCATION,
      'X-Vigil-Segment-Url': url,
      'X-Vigil-Segment-Authorization': authorization ?? '',
      'X-Vigil-Segment-Type': segmentTypeByName(url),
      'Cache-Control': 'no-store',
    },
  });
}

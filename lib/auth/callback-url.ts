// Where to go after sign-in: only a path on this site, decided after parsing the URL the way a
// browser will (so `/\evil.example`, `/%09/evil.example`, `//evil` and `https://evil` all fall
// back to the home page, which sends each role to its first page).

const FALLBACK = '/';
const PROBE_ORIGIN = 'https://vigil.invalid';

/**
 * A same-origin path (with query and hash) for `value`, or the home page. `baseUrl` is this site's
 * own origin, for absolute URLs that point back at it.
 */
export function safeCallbackPath(value: unknown, baseUrl = PROBE_ORIGIN): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > 2000) return FALLBACK;
  // Browsers strip tabs and newlines from URLs and read a backslash as a slash.
  if (/[\u0000-\u001F\u007F\\]/.test(value) || /%(0[0-9a-f]|1[0-9a-f]|7f|5c)/i.test(value)) return FALLBACK;
  // Only a path from the root or an absolute URL; a relative one ("map") depends on where it is read.
  if (!value.startsWith('/') && !/^https?:\/\//i.test(value)) return FALLBACK;
  let base: URL;
  let url: URL;
  try {
    base = new URL(baseUrl);
    url = new URL(value, base);
  } catch {
    return FALLBACK;
  }
  if (url.origin !== base.origin) return FALLBACK;
  const path = `${url.pathname}${url.search}${url.hash}`;
  // A path that starts with two slashes would be read as another host by the next parser.
  if (!path.startsWith('/') || path.startsWith('//')) return FALLBACK;
  if (path.startsWith('/api/') || path === '/login' || path.startsWith('/login?')) return FALLBACK;
  return path;
}

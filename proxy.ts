import { NextResponse, type NextRequest } from 'next/server';

// Security headers for every page and API answer (Next 16's proxy runs before each request):
// a Content-Security-Policy whose scripts must carry this response's nonce (Next puts it on its
// own scripts), Permissions-Policy, and HSTS over HTTPS. Authorization is not done here: every
// page and route checks the session and the permission module itself.

/** Browser features the portal uses: full screen (video wall, map); nothing else. */
const PERMISSIONS_POLICY = [
  'accelerometer=()',
  'autoplay=(self)',
  'camera=()',
  'display-capture=()',
  'fullscreen=(self)',
  'geolocation=()',
  'gyroscope=()',
  'magnetometer=()',
  'microphone=()',
  'midi=()',
  'payment=()',
  'usb=()',
  'interest-cohort=()',
].join(', ');

/** An external basemap style (BASEMAP_STYLE_URL) is the one other origin the map may fetch from. */
function basemapOrigin(): string {
  try {
    return process.env.BASEMAP_STYLE_URL ? ` ${new URL(process.env.BASEMAP_STYLE_URL).origin}` : '';
  } catch {
    return '';
  }
}

export function contentSecurityPolicy(nonce: string, options: { dev: boolean; https: boolean }): string {
  const extra = basemapOrigin();
  return [
    "default-src 'self'",
    // 'strict-dynamic': scripts the nonce-bearing ones load (the lazily loaded map) may run too.
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${options.dev ? " 'unsafe-eval'" : ''}`,
    // React writes style attributes; no script can hide in them under this policy.
    "style-src 'self' 'unsafe-inline'",
    `img-src 'self' data: blob:${extra}`,
    "font-src 'self' data:",
    // deck.gl loads its icon atlas from data: URLs with fetch.
    `connect-src 'self' data: blob:${extra}${options.dev ? ' ws:' : ''}`,
    // MapLibre and hls.js run workers made from blobs; hls.js plays through blob: media sources.
    "worker-src 'self' blob:",
    "child-src 'self' blob:",
    "media-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    ...(options.https ? ['upgrade-insecure-requests'] : []),
  ].join('; ');
}

export function proxy(request: NextRequest) {
  const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(18))).toString('base64');
  const https = request.nextUrl.protocol === 'https:';
  const csp = contentSecurityPolicy(nonce, { dev: process.env.NODE_ENV === 'development', https });
  // Next reads the nonce from the request's policy and puts it on the scripts it renders.
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set('x-nonce', nonce);
  requestHeaders.set('Content-Security-Policy', csp);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set('Content-Security-Policy', csp);
  response.headers.set('Permissions-Policy', PERMISSIONS_POLICY);
  response.headers.set('Cross-Origin-Opener-Policy', 'same-origin');
  if (https) response.headers.set('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
  return response;
}

export const config = {
  matcher: [
    {
      // Not for static files, nor for video segments (media, sent every second or two per viewer),
      // nor for plan imports: a proxy buffers at most 10 MB of a body and cuts the rest, and the
      // import route counts its own limit (lib/planning/import MAX_IMPORT_BYTES) as it reads.
      source: '/((?!_next/static|_next/image|glyphs/|icon.svg|api/cameras/[^/]+/hls/|api/plans/[^/]+/import).*)',
      missing: [
        { type: 'header', key: 'next-router-prefetch' },
        { type: 'header', key: 'purpose', value: 'prefetch' },
      ],
    },
  ],
};

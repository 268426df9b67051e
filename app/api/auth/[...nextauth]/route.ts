import NextAuth from 'next-auth';
import { decode } from 'next-auth/jwt';
import type { NextRequest } from 'next/server';
import { AppError } from '@/lib/api/errors';
import { checkSameSite, errorResponse, ownOrigin } from '@/lib/api/handler';
import { DEVICE_COOKIE_MAX_AGE_S, deviceCookieName, issueDeviceCookie, knownDeviceId } from '@/lib/auth/known-device';
import { getAuthOptions } from '@/lib/auth/options';
import { getAuthSecret } from '@/lib/auth/secret';
import { getUserById } from '@/lib/auth/session';

type Context = { params: Promise<{ nextauth: string[] }> };

function handler(req: NextRequest, context: Context): Promise<Response> {
  return NextAuth(req, context, getAuthOptions()) as Promise<Response>;
}

/**
 * Sign-in and sign-out change who the browser is: like every other change, only from this
 * site's own pages (the library's CSRF token alone let a foreign page's sign-out through).
 * A successful sign-in also makes the browser known to that account (lib/auth/known-device).
 */
export async function POST(req: NextRequest, context: Context) {
  try {
    checkSameSite(req);
  } catch (err) {
    if (err instanceof AppError) return errorResponse(err);
    throw err;
  }
  const { nextauth } = await context.params;
  const res = await handler(req, context);
  if (nextauth.join('/') !== 'callback/credentials') return res;
  // The browser becomes known to the account that actually signed in: read from the session the
  // library just issued, never from the form (duplicate fields or a JSON body parse differently).
  const session = res.headers
    .getSetCookie()
    .map((c) => /^(?:__Secure-)?next-auth\.session-token=([^;]+)/.exec(c)?.[1])
    .find((v) => v);
  const token = session ? await decode({ token: session, secret: getAuthSecret() }).catch(() => null) : null;
  const user = token?.sub ? await getUserById(token.sub) : null;
  if (user) {
    const deviceId = knownDeviceId(user.username, req.headers.get('cookie')) ?? undefined;
    const secure = ownOrigin(req).startsWith('https:') ? '; Secure' : '';
    res.headers.append('Set-Cookie', `${deviceCookieName(user.username)}=${issueDeviceCookie(user.username, deviceId)}; Path=/api/auth; Max-Age=${DEVICE_COOKIE_MAX_AGE_S}; HttpOnly; SameSite=Strict${secure}`);
  }
  return res;
}

export { handler as GET };

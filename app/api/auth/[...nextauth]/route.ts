import NextAuth from 'next-auth';
import type { NextRequest } from 'next/server';
import { AppError } from '@/lib/api/errors';
import { checkSameSite, errorResponse, ownOrigin } from '@/lib/api/handler';
import { DEVICE_COOKIE_MAX_AGE_S, deviceCookieName, issueDeviceCookie, knownDeviceId } from '@/lib/auth/known-device';
import { getAuthOptions } from '@/lib/auth/options';

type Context = { params: Promise<{ nextauth: string[] }> };

function handler(req: NextRequest, context: Context): Promise<Response> {
  return NextAuth(req, context, getAuthOptions()) as Promise<Response>;
}

/**
 * Sign-in and sign-out change who the browser is: like every other change, only from this
 * site's own pages (the library's CSRF token alone let a foreign page's sign-out through).
 * A successful sign-in also makes the browser known to that account (lib/auth/known-device).
 */
async function post(req: NextRequest, context: Context) {
  try {
    checkSameSite(req);
  } catch (err) {
    if (err instanceof AppError) return errorResponse(err);
    throw err;
  }
  const { nextauth } = await context.params;
  const signingIn = nextauth.join('/') === 'callback/credentials';
  const username = signingIn ? await req.clone().formData().then((f) => f.get('username'), () => null) : null;
  const res = await handler(req, context);
  const signedIn = res.headers.getSetCookie().some((c) => /^(__Secure-)?next-auth\.session-token=[^;]/.test(c));
  if (typeof username === 'string' && username.trim() && signedIn) {
    const deviceId = knownDeviceId(username, req.headers.get('cookie')) ?? undefined;
    const secure = ownOrigin(req).startsWith('https:') ? '; Secure' : '';
    res.headers.append('Set-Cookie', `${deviceCookieName(username)}=${issueDeviceCookie(username, deviceId)}; Path=/api/auth; Max-Age=${DEVICE_COOKIE_MAX_AGE_S}; HttpOnly; SameSite=Strict${secure}`);
  }
  return res;
}

export { handler as GET, post as POST };

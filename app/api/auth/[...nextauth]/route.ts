import NextAuth from 'next-auth';
import type { NextRequest } from 'next/server';
import { AppError } from '@/lib/api/errors';
import { checkSameSite, errorResponse } from '@/lib/api/handler';
import { getAuthOptions } from '@/lib/auth/options';

type Context = { params: Promise<{ nextauth: string[] }> };

function handler(req: NextRequest, context: Context) {
  return NextAuth(req, context, getAuthOptions());
}

/**
 * Sign-in and sign-out change who the browser is: like every other change, only from this
 * site's own pages (the library's CSRF token alone let a foreign page's sign-out through).
 */
function post(req: NextRequest, context: Context) {
  try {
    checkSameSite(req);
  } catch (err) {
    if (err instanceof AppError) return errorResponse(err);
    throw err;
  }
  return handler(req, context);
}

export { handler as GET, post as POST };

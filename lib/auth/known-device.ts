import 'server-only';
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { getAuthSecret } from '@/lib/auth/secret';

// Known-device cookies (OWASP, "Slow down online guessing attacks with device cookies"): a
// browser that has signed in to an account gets a signed cookie naming that account and a random
// device id. Wrong passwords from unknown browsers lock the account for unknown browsers only; a
// known browser has its own count, so an attacker who guesses at a duty officer's name cannot
// lock that officer out of the workstation they always use.

/** How long a browser stays known without signing in again. */
export const DEVICE_COOKIE_MAX_AGE_S = 180 * 24 * 3600;

function key(): Buffer {
  return createHmac('sha256', getAuthSecret()).update('vigil known-device cookie v1').digest();
}

const accountKey = (username: string) => username.trim().toLowerCase();

/** One cookie per account a browser has signed in to (shared workstations have several). */
export function deviceCookieName(username: string): string {
  return `vigil-device-${createHash('sha256').update(accountKey(username)).digest('hex').slice(0, 16)}`;
}

function sign(account: string, deviceId: string): string {
  return createHmac('sha256', key()).update(`${account}\n${deviceId}`).digest('base64url');
}

/** A cookie value for this account: a fresh device id, or the one this browser already has. */
export function issueDeviceCookie(username: string, deviceId = randomBytes(16).toString('base64url')): string {
  return `${deviceId}.${sign(accountKey(username), deviceId)}`;
}

/** The browser's device id for this account when its cookie is genuine, else null. */
export function knownDeviceId(username: string, cookieHeader: string | null | undefined): string | null {
  if (!cookieHeader) return null;
  const name = deviceCookieName(username);
  const value = cookieHeader
    .split(';')
    .map((c) => c.trim())
    .find((c) => c.startsWith(`${name}=`))
    ?.slice(name.length + 1);
  const match = /^([A-Za-z0-9_-]{16,64})\.([A-Za-z0-9_-]{43})$/.exec(value ?? '');
  if (!match) return null;
  const expected = Buffer.from(sign(accountKey(username), match[1]!));
  const given = Buffer.from(match[2]!);
  return expected.length === given.length && timingSafeEqual(expected, given) ? match[1]! : null;
}

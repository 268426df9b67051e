import 'server-only';
import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { getAuthSecret } from '@/lib/auth/secret';

/** What a signed media URL stands for. Encrypted, so the upstream URL never reaches a browser. */
export interface MediaToken {
  /** camera id */
  c: string;
  /** user id the URL was issued to */
  s: string;
  /** absolute upstream URL (without credentials) */
  u: string;
  /** p: media playlist, g: segment, r: a recorded stretch (u is `rec:<from ms>:<to ms>`) */
  k: 'p' | 'g' | 'r';
  /** expiry, ms since epoch */
  e: number;
}

let key: Buffer | undefined;
function getKey(): Buffer {
  key ??= Buffer.from(hkdfSync('sha256', getAuthSecret(), 'vigil', 'media-url-token-v1', 32));
  return key;
}

/** AES-256-GCM: tampering with any byte makes `openToken` return null. */
export function sealToken(token: MediaToken): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', getKey(), iv);
  const body = Buffer.concat([cipher.update(JSON.stringify(token), 'utf8'), cipher.final()]);
  return Buffer.concat([iv, body, cipher.getAuthTag()]).toString('base64url');
}

export function openToken(sealed: string, now = Date.now()): MediaToken | null {
  try {
    const raw = Buffer.from(sealed, 'base64url');
    if (raw.length < 12 + 16 + 2) return null;
    const decipher = createDecipheriv('aes-256-gcm', getKey(), raw.subarray(0, 12));
    decipher.setAuthTag(raw.subarray(raw.length - 16));
    const json = Buffer.concat([decipher.update(raw.subarray(12, raw.length - 16)), decipher.final()]).toString('utf8');
    const token = JSON.parse(json) as MediaToken;
    if (typeof token.e !== 'number' || token.e < now) return null;
    return token;
  } catch {
    return null;
  }
}

/**
 * A short stable name for an upstream URL. Players (hls.js) match a live playlist's segments
 * across reloads by URI without its query, so the URI path must stay the same while the
 * token in the query changes.
 */
export function stableMediaId(upstreamUrl: string): string {
  return createHmac('sha256', getKey()).update(upstreamUrl).digest('base64url').slice(0, 22);
}

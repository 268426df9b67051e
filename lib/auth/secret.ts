import 'server-only';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { getSettings } from '@/lib/settings';

let cached: string | undefined;

/**
 * The session-signing secret: AUTH_SECRET when set (required with several instances),
 * otherwise one generated on first start and kept (mode 600) in DATA_DIR, so sessions
 * survive restarts of the embedded default.
 */
export function getAuthSecret(): string {
  if (cached) return cached;
  const settings = getSettings();
  if (settings.AUTH_SECRET) return (cached = settings.AUTH_SECRET);
  const file = path.resolve(settings.DATA_DIR, 'auth-secret');
  try {
    cached = readFileSync(file, 'utf8').trim();
  } catch {
    mkdirSync(settings.DATA_DIR, { recursive: true });
    cached = randomBytes(48).toString('base64url');
    writeFileSync(file, cached, { mode: 0o600, flag: 'wx' });
  }
  return cached;
}

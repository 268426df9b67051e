import 'server-only';
import pino from 'pino';
import { getSettings } from '@/lib/settings';

let instance: pino.Logger | undefined;

/**
 * The one logger. Redaction is a second line of defence: code must not log camera URLs,
 * passwords, API keys or tokens in the first place.
 */
export function getLogger(): pino.Logger {
  instance ??= pino({
    level: getSettings().LOG_LEVEL,
    base: { app: 'vigil' },
    redact: {
      paths: [
        'password', '*.password', 'streamUrl', '*.streamUrl', 'apiKey', '*.apiKey', 'secret', '*.secret', 'authorization', '*.authorization',
        // Personal API tokens (lib/auth/api-tokens) and their hashes.
        'token', '*.token', 'tokenHash', '*.tokenHash',
        // A tip's reporter is personal data (lib/tips/record).
        'reporterName', '*.reporterName', 'reporterPhone', '*.reporterPhone',
      ],
      censor: '[redacted]',
    },
  });
  return instance;
}

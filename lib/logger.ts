import 'server-only';
import pino from 'pino';
import { getSettings } from '@/lib/settings';

let instance: pino.Logger | undefined;

/**
 * Drizzle's query errors read "Failed query: <SQL>\nparams: <values>", and the values can be
 * session ids, tokens or personal data: whatever a call site passes, no statement or parameter
 * reaches the log.
 */
export function scrubQueryText(value: string): string {
  const at = value.search(/Failed query:/i);
  return at < 0 ? value : `${value.slice(0, at)}query failed`.trim();
}

function scrubFields(fields: unknown): unknown {
  if (typeof fields === 'string') return scrubQueryText(fields);
  if (!fields || typeof fields !== 'object' || Array.isArray(fields)) return fields;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(fields)) {
    out[k] = typeof v === 'string' ? scrubQueryText(v) : v instanceof Error ? { type: v.name, message: scrubQueryText(v.message) } : v && typeof v === 'object' ? scrubFields(v) : v;
  }
  return out;
}

/**
 * The one logger. Redaction is a second line of defence: code must not log camera URLs,
 * passwords, API keys or tokens in the first place.
 */
export function getLogger(): pino.Logger {
  instance ??= pino({
    level: getSettings().LOG_LEVEL,
    base: { app: 'vigil' },
    hooks: {
      logMethod(args, method) {
        return method.apply(this, args.map((a) => scrubFields(a)) as Parameters<typeof method>);
      },
    },
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

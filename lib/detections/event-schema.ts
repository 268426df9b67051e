import { z } from 'zod';
import { identifierText, realFraction, uuidSchema } from '@/lib/api/schemas';
import { DETECTION_CLASSES } from '@/lib/events/types';
import { MAX_LATE_DAYS } from '@/lib/domain/detections';

export const MAX_BATCH = 5_000;
export const MAX_SNAPSHOT_BYTES = 256 * 1024;
/** Device clocks drift; anything further ahead than this is refused. */
export const MAX_FUTURE_MS = 5 * 60_000;
export const MAX_AGE_MS = MAX_LATE_DAYS * 86_400_000;

const position = z.union([
  z.object({ lat: z.number().finite().min(-90).max(90), lon: z.number().finite().min(-180).max(180) }).strict(),
  z.object({ bearingDeg: z.number().finite().min(0).max(360), rangeM: z.number().finite().min(0).max(20_000) }).strict(),
]);

/**
 * One event as a device sends it. Everything that passes can be stored: ids are text
 * PostgreSQL accepts (no NUL, no lone surrogates, no control characters), numbers are finite
 * and within their column's range, camera ids are normalised to lower case.
 */
export const eventSchema = z
  .object({
    id: identifierText(128),
    cameraId: uuidSchema,
    observedAt: z.iso.datetime({ offset: true }),
    class: z.enum(DETECTION_CLASSES),
    confidence: realFraction(),
    count: z.number().int().min(1).max(1000).default(1),
    trackId: identifierText(128).optional(),
    position,
    /** A JPEG, base64-encoded. */
    snapshot: z.base64().max(Math.ceil(MAX_SNAPSHOT_BYTES / 3) * 4, `snapshot larger than ${MAX_SNAPSHOT_BYTES / 1024} KB`).optional(),
  })
  .strict();

export type DetectionEvent = z.infer<typeof eventSchema>;

export interface Rejection {
  index: number;
  id: string | null;
  reason: string;
}

/** JPEG files start with the SOI marker and a segment marker (FF D8 FF). */
export function isJpeg(b64: string): boolean {
  const head = Buffer.from(b64.slice(0, 8), 'base64');
  return head.length >= 3 && head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff;
}

/**
 * Validates each event on its own: shape, time window, the device's camera scope, the
 * snapshot's format. Returns the valid events (with their index in the batch) and the reasons.
 */
export function validateEvents(raw: unknown[], cameraScope: readonly string[], now: number): { valid: { index: number; event: DetectionEvent }[]; rejected: Rejection[] } {
  const rejected: Rejection[] = [];
  const valid: { index: number; event: DetectionEvent }[] = [];
  raw.forEach((item, index) => {
    const parsed = eventSchema.safeParse(item);
    const rawId = (item as { id?: unknown } | null)?.id;
    const id = typeof rawId === 'string' ? rawId.slice(0, 128) : null;
    if (!parsed.success) {
      rejected.push({ index, id, reason: parsed.error.issues.map((i) => `${i.path.join('.') || 'event'}: ${i.message}`).join('; ') });
      return;
    }
    const at = Date.parse(parsed.data.observedAt);
    if (at > now + MAX_FUTURE_MS) rejected.push({ index, id, reason: 'observedAt is in the future' });
    else if (at < now - MAX_AGE_MS) rejected.push({ index, id, reason: `observedAt is more than ${MAX_LATE_DAYS} days old` });
    else if (!cameraScope.includes(parsed.data.cameraId)) rejected.push({ index, id, reason: 'camera is not in this device key’s scope' });
    else if (parsed.data.snapshot && !isJpeg(parsed.data.snapshot)) rejected.push({ index, id, reason: 'snapshot is not a JPEG image' });
    else valid.push({ index, event: parsed.data });
  });
  return { valid, rejected };
}

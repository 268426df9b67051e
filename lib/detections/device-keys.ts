import 'server-only';
import { createHash, randomBytes } from 'node:crypto';
import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { devices } from '@/db/schema';
import { AppError } from '@/lib/api/errors';
import { writeAudit } from '@/lib/audit';
import { TtlCache } from '@/lib/cache/ttl-cache';

/**
 * Device API keys are 256-bit random values: a plain SHA-256 is a sound way to store them
 * (no dictionary to guess from) and cheap enough to check on every ingest request.
 */
export const hashKey = (key: string) => createHash('sha256').update(key).digest('hex');

export interface Device {
  id: string;
  name: string;
  cameraIds: string[];
}

export async function createDeviceKey(database: Database, input: { name: string; cameraIds: string[]; createdBy: string; createdByName: string; ip?: string | null }): Promise<{ id: string; key: string }> {
  const key = `vk_${randomBytes(32).toString('base64url')}`;
  return database.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(devices)
      .values({ name: input.name, cameraIds: input.cameraIds, keyPrefix: key.slice(0, 10), keyHash: hashKey(key), createdBy: input.createdBy })
      .returning({ id: devices.id });
    await writeAudit(tx, { action: 'device.key_create', actorId: input.createdBy, actorName: input.createdByName, targetType: 'device', targetId: row!.id, ip: input.ip ?? null, details: { cameras: input.cameraIds.length } });
    // The key is returned this once; only its hash is kept.
    return { id: row!.id, key };
  });
}

export async function revokeDeviceKey(database: Database, id: string, actor: { id: string; username: string }, ip: string | null = null): Promise<void> {
  await database.db.transaction(async (tx) => {
    await tx.update(devices).set({ revokedAt: sql`now()` }).where(and(eq(devices.id, id), isNull(devices.revokedAt)));
    await writeAudit(tx, { action: 'device.key_revoke', actorId: actor.id, actorName: actor.username, targetType: 'device', targetId: id, ip });
  });
  deviceCache.clear();
}

// Revocation takes effect on this instance at once, on others within 5 s.
const deviceCache = new TtlCache<string, Device | null>(5_000);

/** The device a `Authorization: Bearer vk_…` header names: 401 when missing, unknown or revoked. */
export async function authenticateDevice(database: Database, authorization: string | null): Promise<Device> {
  const key = /^Bearer (vk_[A-Za-z0-9_-]{20,100})$/.exec(authorization ?? '')?.[1];
  if (!key) throw new AppError('unauthorized', 'A device API key is required: Authorization: Bearer vk_…');
  const hash = hashKey(key);
  let device = deviceCache.get(hash);
  if (device === undefined) {
    const [row] = await database.db
      .select({ id: devices.id, name: devices.name, cameraIds: devices.cameraIds })
      .from(devices)
      .where(and(eq(devices.keyHash, hash), isNull(devices.revokedAt)))
      .limit(1);
    device = row ?? null;
    deviceCache.set(hash, device);
  }
  if (!device) throw new AppError('unauthorized', 'Unknown or revoked device API key');
  touch(database, device.id);
  return device;
}

// When each device was last marked as used, per process: at most one write a minute per device.
const touched = new Map<string, number>();

/** Records that a key was used (shown in the device list), without slowing the request. */
function touch(database: Database, id: string): void {
  const now = Date.now();
  if ((touched.get(id) ?? 0) > now - 60_000) return;
  touched.set(id, now);
  void database.db
    .update(devices)
    .set({ lastUsedAt: sql`now()` })
    .where(eq(devices.id, id))
    .catch(() => touched.delete(id));
}

import 'server-only';
import type { Database } from '@/db/client';
import { findActiveDevice, insertDevice, markDeviceUsed, revokeDeviceRow } from '@/db/queries/devices';
import { writeAudit } from '@/lib/audit';
import { bearerSecrets } from '@/lib/auth/bearer-secrets';

// Device API keys: what an AI camera or its gateway sends with detections (`Authorization:
// Bearer vk_…`), naming the cameras it may report for. The mechanism is lib/auth/bearer-secrets.

export interface Device {
  id: string;
  name: string;
  cameraIds: string[];
}

const deviceKeys = bearerSecrets<Device>({
  prefix: 'vk_',
  shownLength: 10,
  // Keys issued by earlier versions were shorter: any 20–100 base64url characters are looked up.
  body: /^[A-Za-z0-9_-]{20,100}$/,
  missing: 'A device API key is required: Authorization: Bearer vk_…',
  unknown: 'Unknown or revoked device API key',
  find: findActiveDevice,
  idOf: (device) => device.id,
  markUsed: markDeviceUsed,
});

/** Creates a device and its key; the key is in this answer only. Audited. */
export async function createDeviceKey(database: Database, input: { name: string; cameraIds: string[]; createdBy: string; createdByName: string; ip?: string | null }): Promise<{ id: string; key: string }> {
  const issued = deviceKeys.issue();
  return database.db.transaction(async (tx) => {
    const id = await insertDevice(tx, { name: input.name, cameraIds: input.cameraIds, keyPrefix: issued.shown, keyHash: issued.hash, createdBy: input.createdBy });
    await writeAudit(tx, { action: 'device.key_create', actorId: input.createdBy, actorName: input.createdByName, targetType: 'device', targetId: id, ip: input.ip ?? null, details: { cameras: input.cameraIds.length } });
    return { id, key: issued.secret };
  });
}

/** Revokes a device's key: its next request gets 401. Audited. */
export async function revokeDeviceKey(database: Database, id: string, actor: { id: string; username: string }, ip: string | null = null): Promise<void> {
  await database.db.transaction(async (tx) => {
    await revokeDeviceRow(tx, id);
    await writeAudit(tx, { action: 'device.key_revoke', actorId: actor.id, actorName: actor.username, targetType: 'device', targetId: id, ip });
  });
  deviceKeys.forget();
}

/** The device a `Authorization: Bearer vk_…` header names: 401 when missing, unknown or revoked. */
export function authenticateDevice(database: Database, authorization: string | null): Promise<Device> {
  return deviceKeys.authenticate(database, authorization);
}

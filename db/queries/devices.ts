import 'server-only';
import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import type { Database, Db } from '@/db/client';
import { devices } from '@/db/schema';

export interface DeviceKeyRow {
  id: string;
  name: string;
  cameraIds: string[];
  keyPrefix: string;
  createdAt: Date;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
}

/** Every device key, newest first; the key itself is never stored, only its prefix to tell keys apart. */
export async function listDeviceKeys(database: Database): Promise<DeviceKeyRow[]> {
  return database.db
    .select({ id: devices.id, name: devices.name, cameraIds: devices.cameraIds, keyPrefix: devices.keyPrefix, createdAt: devices.createdAt, revokedAt: devices.revokedAt, lastUsedAt: devices.lastUsedAt })
    .from(devices)
    .orderBy(desc(devices.createdAt));
}

export interface AdminDeviceRow {
  id: string;
  name: string;
  cameraIds: string[];
  keyPrefix: string;
  createdAt: string;
  revokedAt: string | null;
  lastUsedAt: string | null;
  createdBy: string | null;
  detections: number;
}

/** Device keys as their administrators' page lists them, revoked ones last, with who made each and how much it reported. */
export async function listAdminDevices(database: Database): Promise<AdminDeviceRow[]> {
  // Keys are never stored: only their first characters, to tell them apart.
  return database.rows<AdminDeviceRow>(sql`
    SELECT d.id, d.name, d.camera_ids AS "cameraIds", d.key_prefix AS "keyPrefix", d.created_at AS "createdAt",
           d.revoked_at AS "revokedAt", d.last_used_at AS "lastUsedAt", u.username AS "createdBy",
           (SELECT count(*)::int FROM detections x WHERE x.device_id = d.id) AS detections
    FROM devices d LEFT JOIN users u ON u.id = d.created_by
    ORDER BY d.revoked_at NULLS FIRST, d.created_at DESC`);
}

export async function insertDevice(tx: Db, device: { name: string; cameraIds: string[]; keyPrefix: string; keyHash: string; createdBy: string }): Promise<string> {
  const [row] = await tx.insert(devices).values(device).returning({ id: devices.id });
  return row!.id;
}

export async function revokeDeviceRow(tx: Db, id: string): Promise<void> {
  await tx.update(devices).set({ revokedAt: sql`now()` }).where(and(eq(devices.id, id), isNull(devices.revokedAt)));
}

/** The unrevoked device with this key hash, and the cameras it may report for. */
export async function findActiveDevice(database: Database, keyHash: string): Promise<{ id: string; name: string; cameraIds: string[] } | null> {
  const [row] = await database.db
    .select({ id: devices.id, name: devices.name, cameraIds: devices.cameraIds })
    .from(devices)
    .where(and(eq(devices.keyHash, keyHash), isNull(devices.revokedAt)))
    .limit(1);
  return row ?? null;
}

export async function markDeviceUsed(database: Database, id: string): Promise<void> {
  await database.db.update(devices).set({ lastUsedAt: sql`now()` }).where(eq(devices.id, id));
}

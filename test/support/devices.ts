import { sql } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { authenticateDevice, createDeviceKey, type Device } from '@/lib/detections/device-keys';

/** A device key for one demo camera, made by the admin as a person would, and the device it authenticates as. */
export async function demoCameraDevice(database: Database, cameraCode: string, name: string): Promise<{ cameraId: string; key: string; device: Device }> {
  const [camera] = await database.rows<{ id: string }>(sql`SELECT id FROM cameras WHERE code = ${cameraCode}`);
  const [admin] = await database.rows<{ id: string }>(sql`SELECT id FROM users WHERE username = 'admin'`);
  const { key } = await createDeviceKey(database, { name, cameraIds: [camera!.id], createdBy: admin!.id, createdByName: 'admin' });
  return { cameraId: camera!.id, key, device: await authenticateDevice(database, `Bearer ${key}`) };
}

import 'server-only';
import { eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Database } from '@/db/client';
import { cameras } from '@/db/schema';
import { AppError } from '@/lib/api/errors';
import { nameText, storableText, uuidSchema } from '@/lib/api/schemas';
import { writeAudit } from '@/lib/audit';
import { can } from '@/lib/auth/permissions';
import type { CurrentUser } from '@/lib/auth/session';
import { PROVINCE_CODE } from '@/lib/domain/region';
import { checkCameraHost } from '@/lib/video/upstream';

const streamUrl = storableText(2048)
  .trim()
  .refine((v) => /^(https?:\/\/|demo:\/\/)/i.test(v), 'must be an http(s):// HLS URL (or demo:// for the built-in demo feed)')
  .refine((v) => {
    try {
      new URL(v.replace(/^demo:/i, 'http:'));
      return true;
    } catch {
      return false;
    }
  }, 'is not a valid URL');

export const cameraInputSchema = z
  .object({
    name: nameText(200),
    nameEn: nameText(200).nullish().or(z.literal('').transform(() => null)),
    kind: z.enum(['fixed', 'ptz', 'ai']),
    infrared: z.boolean().default(false),
    lon: z.number().finite().min(102).max(110),
    lat: z.number().finite().min(8).max(24),
    bearingDeg: z.number().finite().min(0).max(360),
    fovDeg: z.number().finite().min(1).max(360),
    rangeM: z.number().finite().min(1).max(10_000),
    zoneId: uuidSchema.nullish(),
    facilityId: uuidSchema.nullish(),
    agencyId: nameText(100).nullish(),
    /** Write-only: omitted keeps the current value; null removes it. */
    streamUrl: streamUrl.nullish(),
    streamUsername: storableText(200).nullish(),
    streamPassword: storableText(200).nullish(),
    /** Whether its video is recorded; null: the default rule (AI cameras in a hotspot, facility cameras). */
    record: z.boolean().nullish(),
    /** Hours its recordings are kept; null: the installation's RECORDING_RETENTION_HOURS. */
    recordRetentionHours: z.number().int().min(1).max(24 * 366).nullish(),
  })
  .strict();

export type CameraInput = z.infer<typeof cameraInputSchema>;

function columns(input: Partial<CameraInput>) {
  const out: Partial<typeof cameras.$inferInsert> = {};
  if (input.name !== undefined) out.name = input.name;
  if (input.nameEn !== undefined) out.nameEn = input.nameEn ?? null;
  if (input.kind !== undefined) out.kind = input.kind;
  if (input.infrared !== undefined) out.infrared = input.infrared;
  if (input.bearingDeg !== undefined) out.bearingDeg = input.bearingDeg;
  if (input.fovDeg !== undefined) out.fovDeg = input.fovDeg;
  if (input.rangeM !== undefined) out.rangeM = input.rangeM;
  if (input.zoneId !== undefined) out.zoneId = input.zoneId ?? null;
  if (input.facilityId !== undefined) out.facilityId = input.facilityId ?? null;
  if (input.agencyId !== undefined) out.agencyId = input.agencyId ?? null;
  if (input.streamUrl !== undefined) out.streamUrl = input.streamUrl ?? null;
  if (input.streamUsername !== undefined) out.streamUsername = input.streamUsername || null;
  if (input.streamPassword !== undefined) out.streamPassword = input.streamPassword || null;
  if (input.record !== undefined) out.record = input.record ?? null;
  if (input.recordRetentionHours !== undefined) out.recordRetentionHours = input.recordRetentionHours ?? null;
  if (input.lon !== undefined && input.lat !== undefined) out.geom = { type: 'Point', coordinates: [input.lon, input.lat] };
  return out;
}

/** What the audit log may say about a change: which fields, never the secrets' values. */
const auditedFields = (input: Partial<CameraInput>) => Object.keys(input).map((k) => (k.startsWith('stream') ? `${k} (changed)` : k));

/** Refuses a stream URL whose host is outside the networks cameras may use (CAMERA_NETWORKS). */
async function checkStreamHost(input: Partial<CameraInput>): Promise<void> {
  if (!input.streamUrl) return;
  const reason = await checkCameraHost(input.streamUrl);
  if (reason) throw new AppError('bad_request', 'Invalid body', [{ path: 'body.streamUrl', message: reason }]);
}

export async function createCamera(database: Database, user: CurrentUser, input: CameraInput, ip: string | null = null): Promise<{ id: string }> {
  const provinceCode = user.provinceCode ?? PROVINCE_CODE;
  if (!can(user, 'camera:write', { provinceCode, agencyId: input.agencyId ?? user.agencyId })) throw new AppError('forbidden', 'You may not add cameras here');
  await checkStreamHost(input);
  return database.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(cameras)
      .values({ ...(columns(input) as typeof cameras.$inferInsert), provinceCode, agencyId: input.agencyId ?? user.agencyId, confidence: 'exact_from_data' })
      .returning({ id: cameras.id });
    await writeAudit(tx, { action: 'camera.create', actorId: user.id, actorName: user.username, targetType: 'camera', targetId: row!.id, ip, details: { fields: auditedFields(input) } });
    return row!;
  });
}

async function loadForWrite(database: Database, user: CurrentUser, id: string) {
  const [row] = await database.db
    .select({ id: cameras.id, provinceCode: cameras.provinceCode, agencyId: cameras.agencyId, retiredAt: cameras.retiredAt })
    .from(cameras)
    .where(eq(cameras.id, id))
    .limit(1);
  if (!row) throw new AppError('not_found', 'No such camera');
  if (!can(user, 'camera:write', row)) throw new AppError('forbidden', 'You may not change this camera');
  return row;
}

export async function updateCamera(database: Database, user: CurrentUser, id: string, input: Partial<CameraInput>, ip: string | null = null): Promise<void> {
  await loadForWrite(database, user, id);
  if ((input.lon === undefined) !== (input.lat === undefined)) throw new AppError('bad_request', 'lon and lat must be given together');
  await checkStreamHost(input);
  await database.db.transaction(async (tx) => {
    await tx.update(cameras).set({ ...columns(input), updatedAt: sql`now()` }).where(eq(cameras.id, id));
    await writeAudit(tx, { action: 'camera.update', actorId: user.id, actorName: user.username, targetType: 'camera', targetId: id, ip, details: { fields: auditedFields(input) } });
  });
}

/** Retiring keeps the camera and its history (uptime, audit) but removes it from the map. */
export async function retireCamera(database: Database, user: CurrentUser, id: string, ip: string | null = null): Promise<void> {
  const row = await loadForWrite(database, user, id);
  if (row.retiredAt) return;
  await database.db.transaction(async (tx) => {
    await tx.update(cameras).set({ retiredAt: sql`now()`, updatedAt: sql`now()` }).where(eq(cameras.id, id));
    await writeAudit(tx, { action: 'camera.retire', actorId: user.id, actorName: user.username, targetType: 'camera', targetId: id, ip });
  });
}

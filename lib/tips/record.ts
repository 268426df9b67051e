import 'server-only';
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { rowsOf, type Database } from '@/db/client';
import { afterAlertsRaised } from '@/lib/alerts/raise';
import { AppError } from '@/lib/api/errors';
import { nameText, storableText } from '@/lib/api/schemas';
import { writeAudit } from '@/lib/audit';
import { can, type Actor } from '@/lib/auth/permissions';
import { BASEMAP_BOUNDS, PROVINCE_CODE } from '@/lib/domain/region';
import { phoneSchema } from '@/lib/roster/manage';

// Residents' tips, taken by phone or in person. A tip becomes an alert at once (kind `tip`),
// grouped with what cameras saw at the same place and time. The reporter's name and phone are
// personal data: stored with the tip, shown only to roles with `tip:reporter`, and kept out of
// alerts, live events, exports, the audit log and the logs.

export const TIP_CHANNELS = ['phone', 'in_person', 'radio', 'other'] as const;

const [west, south, east, north] = BASEMAP_BOUNDS;

export const tipSchema = z
  .object({
    receivedAt: z.iso.datetime({ offset: true }),
    channel: z.enum(TIP_CHANNELS),
    reporterName: nameText(120).nullable().optional(),
    reporterPhone: phoneSchema.nullable().optional(),
    lon: z.number().finite().min(west).max(east),
    lat: z.number().finite().min(south).max(north),
    /** The place as the reporter named it ("bến đò thôn 5"). */
    placeText: nameText(300).nullable().optional(),
    description: storableText(4_000).transform((s) => s.trim()).pipe(z.string().min(3, 'say what was seen (at least 3 characters)')),
    peopleCount: z.number().int().min(0).max(10_000).nullable().optional(),
    /** The operator's judgement: critical when people are crossing now. */
    severity: z.enum(['warning', 'critical']).default('warning'),
  })
  .strict();
export type TipInput = z.infer<typeof tipSchema>;

/** Tips may be recorded up to 30 days late, and not from the future (5 minutes of clock skew). */
const MAX_AGE_MS = 30 * 86_400_000;
const SKEW_MS = 5 * 60_000;

export async function recordTip(
  database: Database,
  actor: Actor & { displayName: string },
  input: TipInput,
  ip: string | null,
  now = Date.now(),
): Promise<{ tipId: string; alertId: string }> {
  const received = Date.parse(input.receivedAt);
  if (received > now + SKEW_MS) throw new AppError('bad_request', 'Invalid tip', [{ path: 'body.receivedAt', message: 'is in the future' }]);
  if (received < now - MAX_AGE_MS) throw new AppError('bad_request', 'Invalid tip', [{ path: 'body.receivedAt', message: 'is more than 30 days ago' }]);
  const provinceCode = actor.provinceCode ?? PROVINCE_CODE;
  if (!can(actor, 'tip:write', { provinceCode })) throw new AppError('forbidden', 'Your role may not record tips');
  return database.db.transaction(async (tx) => {
    const point = sql`ST_SetSRID(ST_MakePoint(${input.lon}::float8, ${input.lat}::float8), 4326)`;
    const [tip] = rowsOf<{ id: string; zone_id: string | null }>(
      await tx.execute(sql`
        INSERT INTO tips (received_at, channel, reporter_name, reporter_phone, place_text, description, people_count, zone_id, recorded_by, province_code, agency_id, geom)
        VALUES (${new Date(received)}, ${input.channel}, ${input.reporterName ?? null}, ${input.reporterPhone ?? null}, ${input.placeText ?? null},
          ${input.description}, ${input.peopleCount ?? null},
          (SELECT z.id FROM zones z WHERE z.retired_at IS NULL AND ST_Intersects(z.geom, ${point}) ORDER BY (z.kind = 'hotspot') DESC, ST_Area(z.geom) LIMIT 1),
          ${actor.id}, ${provinceCode}, NULL, ${point})
        RETURNING id, zone_id`),
    );
    const [alert] = rowsOf<{ id: string }>(
      await tx.execute(sql`
        INSERT INTO alerts (kind, severity, tip_id, zone_id, occurred_at, geom, message, province_code, agency_id)
        VALUES ('tip', ${input.severity}, ${tip!.id}, ${tip!.zone_id}, ${new Date(received)}, ${point},
          ${`Resident's tip (${input.channel})${input.peopleCount ? `: ${input.peopleCount} people` : ''}`}, ${provinceCode}, NULL)
        RETURNING id`),
    );
    await writeAudit(tx, {
      action: 'tip.record',
      actorId: actor.id,
      actorName: actor.displayName,
      targetType: 'tip',
      targetId: tip!.id,
      ip,
      // Never the reporter: the audit log outlives the need to know who called.
      details: { alertId: alert!.id, channel: input.channel, peopleCount: input.peopleCount ?? null },
    });
    await afterAlertsRaised(tx, [alert!.id]);
    return { tipId: tip!.id, alertId: alert!.id };
  });
}

export interface TipView {
  id: string;
  receivedAt: string;
  channel: string;
  placeText: string | null;
  description: string;
  peopleCount: number | null;
  recordedByName: string | null;
  /** Only for roles with `tip:reporter`; absent otherwise. */
  reporterName?: string | null;
  reporterPhone?: string | null;
}

/** A tip as this actor may see it (the reporter only with `tip:reporter`). */
export async function getTip(database: Database, actor: Actor, tipId: string): Promise<TipView | null> {
  const [row] = await database.rows<TipView & { provinceCode: string; agencyId: string | null }>(sql`
    SELECT t.id, t.received_at AS "receivedAt", t.channel, t.place_text AS "placeText", t.description, t.people_count AS "peopleCount",
      u.display_name AS "recordedByName", t.reporter_name AS "reporterName", t.reporter_phone AS "reporterPhone",
      t.province_code AS "provinceCode", t.agency_id AS "agencyId"
    FROM tips t LEFT JOIN users u ON u.id = t.recorded_by WHERE t.id = ${tipId}`);
  if (!row || !can(actor, 'alert:read', { provinceCode: row.provinceCode, agencyId: row.agencyId })) return null;
  const { provinceCode: _p, agencyId: _a, reporterName, reporterPhone, ...tip } = row;
  const view: TipView = { ...tip, receivedAt: new Date(tip.receivedAt).toISOString() };
  if (can(actor, 'tip:reporter', { provinceCode: row.provinceCode })) Object.assign(view, { reporterName, reporterPhone });
  return view;
}

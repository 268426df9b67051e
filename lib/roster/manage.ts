import 'server-only';
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { rowsOf, type Database } from '@/db/client';
import { AppError } from '@/lib/api/errors';
import { nameText, uuidSchema } from '@/lib/api/schemas';
import { writeAudit } from '@/lib/audit';
import { can, type Actor } from '@/lib/auth/permissions';
import { shiftOf } from '@/lib/domain/shifts';
import { addDays, isLocalDate, localDateOf } from '@/lib/domain/local-time';

// Teams and the roster, edited by planners and administrators within their scope. A team keeps
// its history: it is stood down, never deleted, while rosters or dispatches name it.

export interface RosterActor extends Actor {
  displayName: string;
}

/** Telephone numbers as people write them: digits, spaces, + ( ) . - ; 3 to 30 characters. */
export const phoneSchema = z
  .string()
  .trim()
  .regex(/^\+?[0-9 ().-]{3,30}$/, 'must be a telephone number (digits, spaces, + ( ) . -)')
  .refine((s) => (s.match(/\d/g)?.length ?? 0) >= 3, 'must have at least 3 digits');

const teamFields = {
  name: nameText(120),
  callSign: nameText(40).nullable().optional(),
  officerCount: z.number().int().min(1).max(500),
  phone: phoneSchema.nullable().optional(),
};

export const createTeamSchema = z.object({ checkpointId: uuidSchema, ...teamFields }).strict();
export const updateTeamSchema = z
  .object({ version: z.number().int().min(1), ...teamFields, retired: z.boolean() })
  .partial({ name: true, callSign: true, officerCount: true, phone: true, retired: true })
  .strict();

async function postInScope(database: Database, actor: Actor, checkpointId: string) {
  const [post] = await database.rows<{ id: string; province_code: string; agency_id: string | null; name: string }>(
    sql`SELECT id, province_code, agency_id, name FROM checkpoints WHERE id = ${checkpointId}`,
  );
  if (!post || !can(actor, 'roster:read', { provinceCode: post.province_code, agencyId: post.agency_id })) throw new AppError('not_found', 'No such post');
  if (!can(actor, 'roster:write', { provinceCode: post.province_code, agencyId: post.agency_id })) throw new AppError('forbidden', 'You may not change this post’s teams');
  return post;
}

export async function createTeam(database: Database, actor: RosterActor, input: z.infer<typeof createTeamSchema>, ip: string | null): Promise<{ id: string }> {
  const post = await postInScope(database, actor, input.checkpointId);
  return database.db.transaction(async (tx) => {
    const [row] = rowsOf<{ id: string }>(
      await tx.execute(sql`
        INSERT INTO teams (checkpoint_id, name, call_sign, officer_count, phone, agency_id, province_code)
        VALUES (${post.id}, ${input.name}, ${input.callSign ?? null}, ${input.officerCount}, ${input.phone ?? null}, ${post.agency_id}, ${post.province_code})
        RETURNING id`),
    );
    await writeAudit(tx, { action: 'team.create', actorId: actor.id, actorName: actor.displayName, targetType: 'team', targetId: row!.id, ip, details: { checkpointId: post.id, name: input.name, officerCount: input.officerCount } });
    return { id: row!.id };
  });
}

/** Changes a team; refused with who changed it when the version is not the one the editor saw. */
export async function updateTeam(database: Database, actor: RosterActor, teamId: string, input: z.infer<typeof updateTeamSchema>, ip: string | null): Promise<{ version: number }> {
  const [team] = await database.rows<{ checkpoint_id: string }>(sql`SELECT checkpoint_id FROM teams WHERE id = ${teamId}`);
  if (!team) throw new AppError('not_found', 'No such team');
  await postInScope(database, actor, team.checkpoint_id);
  return database.db.transaction(async (tx) => {
    const [row] = rowsOf<{ version: number }>(
      await tx.execute(sql`
        UPDATE teams SET
          name = coalesce(${input.name ?? null}, name),
          call_sign = CASE WHEN ${input.callSign !== undefined} THEN ${input.callSign ?? null} ELSE call_sign END,
          officer_count = coalesce(${input.officerCount ?? null}::int, officer_count),
          phone = CASE WHEN ${input.phone !== undefined} THEN ${input.phone ?? null} ELSE phone END,
          retired_at = CASE WHEN ${input.retired === undefined} THEN retired_at WHEN ${input.retired === true} THEN coalesce(retired_at, now()) ELSE NULL END,
          version = version + 1, updated_at = now()
        WHERE id = ${teamId} AND version = ${input.version}
        RETURNING version`),
    );
    if (!row) {
      const [last] = rowsOf<{ actor_name: string | null; at: string; version: number }>(
        await tx.execute(sql`
          SELECT l.actor_name, l.at, t.version FROM teams t
          LEFT JOIN LATERAL (SELECT actor_name, at FROM audit_log WHERE target_type = 'team' AND target_id = ${teamId} ORDER BY at DESC LIMIT 1) l ON true
          WHERE t.id = ${teamId}`),
      );
      throw new AppError('conflict', `The team was changed by ${last?.actor_name ?? 'someone else'} since you opened it`, undefined, {
        reason: 'stale_version',
        version: Number(last?.version ?? 0),
        lastChange: last ? { actorName: last.actor_name, at: new Date(last.at).toISOString() } : null,
      });
    }
    const { version: _v, ...changes } = input;
    await writeAudit(tx, { action: 'team.update', actorId: actor.id, actorName: actor.displayName, targetType: 'team', targetId: teamId, ip, details: changes });
    return { version: Number(row.version) };
  });
}

/** Roster changes: each names a post, a shift (local date and number) and a team, or null to leave it unstaffed. */
export const rosterChangesSchema = z
  .object({
    changes: z
      .array(
        z
          .object({
            checkpointId: uuidSchema,
            shiftDate: z.string().refine(isLocalDate, 'must be a date (YYYY-MM-DD)'),
            shiftIndex: z.number().int().min(0).max(11),
            teamId: uuidSchema.nullable(),
          })
          .strict(),
      )
      .min(1)
      .max(5_000)
      .superRefine((changes, ctx) => {
        const seen = new Set<string>();
        changes.forEach((c, i) => {
          const key = `${c.checkpointId}|${c.shiftDate}|${c.shiftIndex}`;
          if (seen.has(key)) ctx.addIssue({ code: 'custom', path: [i], message: 'the same post and shift appear twice' });
          seen.add(key);
        });
      }),
  })
  .strict();

/** How far from today a roster may be edited: a year either way. */
const EDIT_WINDOW_DAYS = 366;

export async function applyRosterChanges(
  database: Database,
  actor: RosterActor,
  input: z.infer<typeof rosterChangesSchema>,
  shiftStarts: readonly number[],
  ip: string | null,
  now = new Date(),
): Promise<{ assigned: number; cleared: number }> {
  const today = localDateOf(now);
  const issues: { path: string; message: string }[] = [];
  input.changes.forEach((c, i) => {
    if (c.shiftIndex >= shiftStarts.length) issues.push({ path: `body.changes.${i}.shiftIndex`, message: `the shift plan has ${shiftStarts.length} shifts a day` });
    if (c.shiftDate < addDays(today, -EDIT_WINDOW_DAYS) || c.shiftDate > addDays(today, EDIT_WINDOW_DAYS)) {
      issues.push({ path: `body.changes.${i}.shiftDate`, message: 'must be within a year of today' });
    }
  });
  if (issues.length) throw new AppError('bad_request', 'Invalid roster changes', issues);

  const postIds = [...new Set(input.changes.map((c) => c.checkpointId))];
  const posts = await database.rows<{ id: string; province_code: string; agency_id: string | null }>(
    sql`SELECT id, province_code, agency_id FROM checkpoints WHERE id = ANY(${`{${postIds.join(',')}}`}::uuid[])`,
  );
  for (const id of postIds) {
    const post = posts.find((p) => p.id === id);
    if (!post || !can(actor, 'roster:read', { provinceCode: post.province_code, agencyId: post.agency_id })) throw new AppError('not_found', `No such post ${id}`);
    if (!can(actor, 'roster:write', { provinceCode: post.province_code, agencyId: post.agency_id })) throw new AppError('forbidden', 'You may not change this roster');
  }
  const teamIds = [...new Set(input.changes.flatMap((c) => (c.teamId ? [c.teamId] : [])))];
  const teams = teamIds.length
    ? await database.rows<{ id: string; checkpoint_id: string; retired: boolean }>(
        sql`SELECT id, checkpoint_id, retired_at IS NOT NULL AS retired FROM teams WHERE id = ANY(${`{${teamIds.join(',')}}`}::uuid[])`,
      )
    : [];
  input.changes.forEach((c, i) => {
    if (!c.teamId) return;
    const team = teams.find((t) => t.id === c.teamId);
    if (!team || team.checkpoint_id !== c.checkpointId) issues.push({ path: `body.changes.${i}.teamId`, message: 'the team is not one of this post’s teams' });
    else if (team.retired) issues.push({ path: `body.changes.${i}.teamId`, message: 'the team is stood down' });
  });
  if (issues.length) throw new AppError('bad_request', 'Invalid roster changes', issues);

  const rows = input.changes.map((c) => {
    const shift = shiftOf(c.shiftDate, c.shiftIndex, shiftStarts);
    return { ...c, startsAt: shift.start.toISOString(), endsAt: shift.end.toISOString() };
  });
  return database.db.transaction(async (tx) => {
    const assign = rows.filter((r) => r.teamId);
    const clear = rows.filter((r) => !r.teamId);
    if (assign.length) {
      await tx.execute(sql`
        INSERT INTO roster_assignments (checkpoint_id, team_id, shift_date, shift_index, starts_at, ends_at, created_by)
        SELECT x."checkpointId", x."teamId", x."shiftDate"::date, x."shiftIndex", x."startsAt", x."endsAt", ${actor.id}::uuid
        FROM jsonb_to_recordset(${JSON.stringify(assign)}::jsonb) AS x("checkpointId" uuid, "teamId" uuid, "shiftDate" text, "shiftIndex" int, "startsAt" timestamptz, "endsAt" timestamptz)
        ON CONFLICT (checkpoint_id, shift_date, shift_index)
        DO UPDATE SET team_id = excluded.team_id, starts_at = excluded.starts_at, ends_at = excluded.ends_at, created_by = excluded.created_by, created_at = now()`);
    }
    if (clear.length) {
      await tx.execute(sql`
        DELETE FROM roster_assignments r
        USING jsonb_to_recordset(${JSON.stringify(clear)}::jsonb) AS x("checkpointId" uuid, "shiftDate" text, "shiftIndex" int)
        WHERE r.checkpoint_id = x."checkpointId" AND r.shift_date = x."shiftDate"::date AND r.shift_index = x."shiftIndex"`);
    }
    await writeAudit(tx, {
      action: 'roster.change',
      actorId: actor.id,
      actorName: actor.displayName,
      targetType: 'roster',
      ip,
      details: { assigned: assign.length, cleared: clear.length, posts: postIds.length, dates: [rows[0]!.shiftDate, rows.at(-1)!.shiftDate] },
    });
    return { assigned: assign.length, cleared: clear.length };
  });
}

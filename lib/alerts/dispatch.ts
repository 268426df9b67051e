import 'server-only';
import { sql } from 'drizzle-orm';
import { rowsOf, type Database } from '@/db/client';
import { publishAlertChanges, recordTransitions } from '@/lib/alerts/announce';
import { AppError } from '@/lib/api/errors';
import { writeAudit } from '@/lib/audit';
import { can, type Actor } from '@/lib/auth/permissions';

/**
 * Records what a team sent to an alert reported back. A dispatch takes one report; what comes
 * later goes in the resolution note. The report is part of the alert's history.
 */
export async function reportBack(database: Database, actor: Actor & { displayName: string }, dispatchId: string, report: string, ip: string | null): Promise<{ id: string; reportedAt: string }> {
  return database.db.transaction(async (tx) => {
    const [d] = rowsOf<{ id: string; alert_id: string; province_code: string; agency_id: string | null; reported_at: string | null; team_name: string; status: string }>(
      await tx.execute(sql`
        SELECT d.id, d.alert_id, a.province_code, a.agency_id, d.reported_at, t.name AS team_name, a.status
        FROM dispatches d JOIN alerts a ON a.id = d.alert_id JOIN teams t ON t.id = d.team_id
        WHERE d.id = ${dispatchId} FOR UPDATE OF d`),
    );
    if (!d || !can(actor, 'alert:handle', { provinceCode: d.province_code, agencyId: d.agency_id })) throw new AppError('not_found', 'No such dispatch');
    if (d.reported_at) throw new AppError('conflict', 'This team has already reported back', undefined, { reason: 'already_reported', reportedAt: new Date(d.reported_at).toISOString() });
    const [row] = rowsOf<{ reported_at: string }>(
      await tx.execute(sql`UPDATE dispatches SET report = ${report}, reported_at = now(), reported_by = ${actor.id} WHERE id = ${dispatchId} RETURNING reported_at`),
    );
    // The group changed for whoever has it open: its version moves on.
    await tx.execute(sql`UPDATE alerts SET version = version + 1, updated_at = now() WHERE id = ${d.alert_id}`);
    await recordTransitions(tx, [
      { alertId: d.alert_id, action: 'report', fromStatus: null, toStatus: null, actorId: actor.id, actorName: actor.displayName, details: { dispatchId, team: d.team_name, report } },
    ]);
    await writeAudit(tx, { action: 'dispatch.report', actorId: actor.id, actorName: actor.displayName, targetType: 'dispatch', targetId: dispatchId, ip, details: { alertId: d.alert_id } });
    await publishAlertChanges(tx, [d.alert_id], 'report');
    return { id: dispatchId, reportedAt: new Date(row!.reported_at).toISOString() };
  });
}

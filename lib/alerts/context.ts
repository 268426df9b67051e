import 'server-only';
import { getSettings } from '@/lib/settings';
import { getGroupClipCamera, getGroupEvidence } from '@/db/queries/recordings';
import type { Database } from '@/db/client';
import { getAlertGroup, getGroupIdOf, listAlertGroups, type AlertGroupDetail, type AlertGroupRow } from '@/db/queries/alerts';
import { listNearbyGroupIds } from '@/db/queries/incidents';
import { listCamerasCovering, type CoveringCamera } from '@/db/queries/camera-coverage';
import { getEventDetail, listSnapshotIds, type EventDetail } from '@/db/queries/detections';
import { incidentRule } from '@/lib/alerts/incidents';
import { listUsersWhoMayHandle } from '@/db/queries/alerts';
import { HANDLING_ACTIONS, OPEN_STATUSES, type AlertAction, type HandlingAction } from '@/lib/domain/alerts';
import { allowedActions } from '@/lib/alerts/workflow';
import { can, rolesAllowed, scopeFor, type Actor } from '@/lib/auth/permissions';
import { getTip, type TipView } from '@/lib/tips/record';

/** Nearby but not the same event: this many times the incident radius and window. */
const NEARBY_FACTOR = 3;

export interface AlertContext extends AlertGroupDetail {
  /** What this person may do with the group now. */
  actions: AlertAction[];
  /** How this person may handle the open group besides (snooze, assign, prioritize). */
  handling: HandlingAction[];
  /** Who the group can be assigned or handed over to. */
  assignees: { id: string; displayName: string; role: string }[];
  /** Tips in the group, the reporter only for roles that may see it. */
  tips: TipView[];
  /** Crossing members' tracks (where the person may see detections). */
  evidence: { alertId: string; crossing: EventDetail; snapshots: number[] }[];
  cameras: CoveringCamera[];
  nearby: AlertGroupRow[];
  grouping: { radiusM: number; windowMinutes: number; maxSpanMinutes: number };
  /** The recorded clip around the group's moments (pre-roll to post-roll), for those who may review recordings. */
  clip: { camera: { id: string; name: string; nameEn: string | null }; fromMs: number; toMs: number; evidence: boolean; mayKeep: boolean } | null;
  /** Whether this person may export the group's signed evidence package. */
  mayExport: boolean;
}

/** An alert group with everything needed to handle it, limited to what this actor may see. */
export async function alertContext(database: Database, actor: Actor, groupId: string): Promise<AlertContext | null> {
  const scope = scopeFor(actor, 'alert:read');
  if (!scope) return null;
  const detail = await getAlertGroup(database, scope, groupId);
  if (!detail) return null;
  const { group, members } = detail;
  const mayHandle = can(actor, 'alert:handle', {});
  const actions = mayHandle ? allowedActions(group.kind, members.map((m) => m.status)) : [];
  const isOpen = (OPEN_STATUSES as readonly string[]).includes(group.status);
  const handling = mayHandle && isOpen ? [...HANDLING_ACTIONS] : [];
  const provinceCode = (await getGroupIdOf(database, scope, group.leadId))?.provinceCode;
  const assignees = handling.length && provinceCode ? await listUsersWhoMayHandle(database, rolesAllowed('alert:handle'), provinceCode) : [];

  const tips = (await Promise.all(members.filter((m) => m.tipId).map((m) => getTip(database, actor, m.tipId!)))).filter((t): t is TipView => t !== null);

  const detectionScope = scopeFor(actor, 'detection:read');
  const evidence: AlertContext['evidence'] = [];
  if (detectionScope) {
    for (const m of members.filter((x) => x.crossingId !== null && x.status !== 'retracted').slice(0, 10)) {
      const crossing = await getEventDetail(database, detectionScope, 'crossings', m.crossingId!);
      if (!crossing) continue;
      const snapshots = await listSnapshotIds(database, crossing.track.map((p) => p.id), 12);
      evidence.push({ alertId: m.id, crossing, snapshots });
    }
  }

  const cameraScope = scopeFor(actor, 'camera:read');
  const cameras = cameraScope && group.lon !== null && group.lat !== null ? await listCamerasCovering(database, cameraScope, group.lon, group.lat) : [];

  const rule = incidentRule();
  const grouping = { radiusM: rule.radiusM, windowMinutes: rule.gapMinutes, maxSpanMinutes: rule.maxSpanMinutes };
  let nearby: AlertGroupRow[] = [];
  if (group.lon !== null && group.lat !== null) {
    const radius = grouping.radiusM * NEARBY_FACTOR;
    const windowMs = grouping.windowMinutes * NEARBY_FACTOR * 60_000;
    const near = await listNearbyGroupIds(database, scope, groupId, { lon: group.lon, lat: group.lat, radiusM: radius, from: new Date(Date.parse(group.firstAt) - windowMs), to: new Date(Date.parse(group.lastAt) + windowMs) });
    if (near.length) {
      const all = await listAlertGroups(database, scope, { state: 'all', sort: 'time', limit: 500, from: new Date(Date.parse(group.firstAt) - windowMs).toISOString(), to: new Date(Date.parse(group.lastAt) + windowMs + 1).toISOString() });
      const ids = new Set(near);
      nearby = all.filter((g) => ids.has(g.id));
    }
  }
  const { RECORDING_PRE_ROLL_SECONDS: pre, RECORDING_POST_ROLL_SECONDS: post } = getSettings();
  // The clip plays from a camera that recorded the moment (the nearest live camera may not record).
  const clipCamera = can(actor, 'recording:play', { provinceCode }) ? await getGroupClipCamera(database, groupId) : null;
  const clip =
    clipCamera && can(actor, 'recording:play', { provinceCode: clipCamera.provinceCode, agencyId: clipCamera.agencyId })
      ? {
          camera: { id: clipCamera.id, name: clipCamera.name, nameEn: clipCamera.nameEn },
          fromMs: Date.parse(group.firstAt) - pre * 1000,
          toMs: Date.parse(group.lastAt) + post * 1000,
          evidence: await getGroupEvidence(database, groupId),
          mayKeep: mayHandle,
        }
      : null;
  const mayExport = can(actor, 'evidence:export', { provinceCode });
  return { ...detail, actions, handling, assignees, tips, evidence, cameras, nearby, grouping, clip, mayExport };
}

// The rules of the camera programme's pipeline, pure so they are tested on their own and used
// the same way by the server's SQL reconciliation (db/queries/programme-status) and the UI.
import type { FacilityStage, FacilityStatus } from '@/lib/domain/facilities';
import type { LocalDate } from '@/lib/domain/local-time';

export interface CameraCounts {
  /** Cameras of the facility that are live in the health monitor now. */
  live: number;
  /** Cameras not yet checked (status unknown): neither proof of live nor of down. */
  unknown: number;
  /** Cameras offline, stalled or unplayable. */
  down: number;
}

export interface StatusInput extends CameraCounts {
  stage: FacilityStage;
  /** From the agreed plan; null before a plan. */
  requiredCameras: number | null;
  current: FacilityStatus;
  /** Has it ever counted as connected? After that, too few live cameras is `degraded`. */
  everConnected: boolean;
}

/**
 * A facility's status. Before connection work starts it is the last step people recorded;
 * from then on it follows the cameras alone: connected while at least the plan's number of
 * cameras are live, degraded when fewer are after it had been connected, connecting before.
 * Ticking a box never makes it connected. While cameras that could make up the number are not
 * yet checked, the status stays as it was (a restart must not report a connected site down).
 */
export function facilityStatus(input: StatusInput): FacilityStatus {
  if (input.stage !== 'connecting') return input.stage;
  const required = input.requiredCameras ?? 0;
  if (required > 0 && input.live >= required) return 'connected';
  if (required > 0 && input.live + input.unknown >= required && input.unknown > 0 && isConnectionStatus(input.current)) return input.current;
  return input.everConnected ? 'degraded' : 'connecting';
}

export function isConnectionStatus(status: FacilityStatus): boolean {
  return status === 'connecting' || status === 'connected' || status === 'degraded';
}

/** A facility whose cameras are all down (at least one, none live or unchecked) raises an alert. */
export function allCamerasDown(counts: CameraCounts): boolean {
  return counts.down > 0 && counts.live === 0 && counts.unknown === 0;
}

/** The steps people record, and which stage each may follow. */
export const STEPS = {
  survey: { from: ['not_surveyed', 'surveyed'], to: 'surveyed' },
  plan: { from: ['surveyed', 'plan_agreed'], to: 'plan_agreed' },
  connect: { from: ['plan_agreed'], to: 'connecting' },
} as const satisfies Record<string, { from: readonly FacilityStage[]; to: FacilityStage }>;
export type StepKind = keyof typeof STEPS;

export function stepAllowed(step: StepKind, stage: FacilityStage): boolean {
  return (STEPS[step].from as readonly FacilityStage[]).includes(stage);
}

/**
 * Late: not connected although the day it was due has passed — the date in its agreed plan,
 * else the programme's deadline. Connected facilities are never late; degraded ones are
 * listed as degraded.
 */
export function isLate(status: FacilityStatus, targetDate: LocalDate | null, deadline: LocalDate, today: LocalDate): boolean {
  if (status === 'connected' || status === 'degraded') return false;
  return today > (targetDate ?? deadline);
}

// The alert workflow: which states exist, which actions move an alert between them, and what
// each action must carry. Pure, shared by the server (which enforces it) and the browser
// (which offers only what is allowed).

import { FIELD_ALERT_KINDS, OPEN_STATUSES, type AlertAction, type AlertStatus, type OpenStatus } from '@/lib/domain/alerts';

export function isOpenStatus(status: AlertStatus): status is OpenStatus {
  return (OPEN_STATUSES as readonly AlertStatus[]).includes(status);
}

export function isFieldKind(kind: string): boolean {
  return (FIELD_ALERT_KINDS as readonly string[]).includes(kind);
}

const RANK: Record<OpenStatus, number> = { new: 0, acknowledged: 1, dispatched: 2 };

/**
 * The status of a group of alerts handled as one (an incident): the least advanced open
 * member's, so a new alert joining a group already being handled is seen; once every member
 * is closed, resolved wins over dismissed over retracted.
 */
export function groupStatus(statuses: readonly AlertStatus[]): AlertStatus {
  const open = statuses.filter(isOpenStatus);
  if (open.length > 0) return open.reduce((a, b) => (RANK[b] < RANK[a] ? b : a));
  for (const closed of ['resolved', 'dismissed', 'retracted'] as const) if (statuses.includes(closed)) return closed;
  return 'retracted';
}

/** From which statuses an action moves a member, and where to. */
const MOVES: Record<AlertAction, { from: readonly OpenStatus[]; to: AlertStatus }> = {
  acknowledge: { from: ['new'], to: 'acknowledged' },
  // Sending another team to a group already dispatched is allowed: it adds a dispatch.
  dispatch: { from: ['acknowledged', 'dispatched'], to: 'dispatched' },
  resolve: { from: ['acknowledged', 'dispatched'], to: 'resolved' },
  dismiss: { from: ['new', 'acknowledged'], to: 'dismissed' },
};

/**
 * The actions a person may take on a group whose members have these statuses. An action is
 * offered only when it fits the whole group: a group with a new member is acknowledged first;
 * a group a team was sent to is resolved with an outcome, never dismissed.
 */
export function allowedActions(kind: string, statuses: readonly AlertStatus[]): AlertAction[] {
  const open = statuses.filter(isOpenStatus);
  if (open.length === 0) return [];
  const field = isFieldKind(kind);
  const actions: AlertAction[] = [];
  if (open.includes('new')) actions.push('acknowledge');
  const allAcknowledged = !open.includes('new');
  if (field && allAcknowledged) actions.push('dispatch', 'resolve');
  if (!open.includes('dispatched')) actions.push('dismiss');
  return actions;
}

/** The status a member moves to under an action, or null when the action leaves it as it is. */
export function nextStatus(action: AlertAction, status: AlertStatus): AlertStatus | null {
  const move = MOVES[action];
  return (move.from as readonly AlertStatus[]).includes(status) ? move.to : null;
}

/** Severity order for sorting: critical first. */
export function severityRank(severity: string): number {
  return severity === 'critical' ? 2 : severity === 'warning' ? 1 : 0;
}

// The one permission module: role x action, scoped by province and agency. Every page,
// route handler and server action asks here, on the server. No other file decides access.
import type { Role } from '@/db/schema';

export const ROLES = ['leadership', 'operator', 'planner', 'agency_viewer', 'admin'] as const satisfies readonly Role[];

export type Action =
  | 'map:view'
  /** Shared reference geography: border line, administrative areas, place names. */
  | 'reference:read'
  | 'layer:read'
  | 'zone:write'
  | 'checkpoint:write'
  | 'facility:write'
  | 'camera:read'
  | 'camera:stream'
  | 'camera:write'
  /** The alert inbox, alert details and incidents (scoped by province, and agency for agency viewers). */
  | 'alert:read'
  | 'alert:handle'
  /** Recording a resident's tip (it becomes an alert). */
  | 'tip:write'
  /** A tip's reporter: name and phone, personal data seen only by those who act on tips. */
  | 'tip:reporter'
  /** Teams at the posts and the duty roster. */
  | 'roster:read'
  | 'roster:write'
  /** The leadership overview: today's figures, trend and map. */
  | 'overview:read'
  /** Duty officers' situation reports: read by leaders, written and signed by the duty team. */
  | 'sitrep:read'
  | 'sitrep:write'
  | 'report:read'
  | 'report:write'
  | 'audit:read'
  | 'user:manage'
  /** One's own account: change one's password. */
  | 'account:self'
  | 'device:manage'
  /** AI detections and crossings: map layers, heatmaps, the events page. */
  | 'detection:read'
  /** Exporting detections and crossings (CSV/GeoJSON); every export is audited. */
  | 'detection:export';

const ALL: readonly Role[] = ROLES;

const MATRIX: Record<Action, readonly Role[]> = {
  'map:view': ALL,
  'reference:read': ALL,
  'layer:read': ALL,
  'zone:write': ['planner', 'admin'],
  'checkpoint:write': ['planner', 'admin'],
  'facility:write': ['planner', 'admin'],
  'camera:read': ALL,
  'camera:stream': ALL,
  'camera:write': ['admin'],
  'alert:read': ['leadership', 'operator', 'agency_viewer', 'admin'],
  'alert:handle': ['operator', 'admin'],
  'tip:write': ['operator', 'admin'],
  'tip:reporter': ['operator', 'admin'],
  'roster:read': ALL,
  'roster:write': ['planner', 'admin'],
  'overview:read': ALL,
  'sitrep:read': ['leadership', 'operator', 'admin'],
  'sitrep:write': ['operator', 'admin'],
  'report:read': ALL,
  'report:write': ['operator', 'admin'],
  'audit:read': ['admin'],
  'user:manage': ['admin'],
  'account:self': ALL,
  'device:manage': ['admin'],
  'detection:read': ALL,
  'detection:export': ['leadership', 'operator', 'admin'],
};

/** Actions on shared reference data, which no agency owns; everything else is agency-scoped for agency viewers. */
const UNSCOPED_BY_AGENCY: ReadonlySet<Action> = new Set(['map:view', 'reference:read', 'report:read', 'account:self']);

export interface Actor {
  id: string;
  role: Role;
  agencyId: string;
  /** null: national level, sees every province. */
  provinceCode: string | null;
}

/** Who owns a resource. Missing fields are not checked (e.g. an object with no owning agency). */
export interface ResourceScope {
  provinceCode?: string | null;
  agencyId?: string | null;
}

export function roleAllows(role: Role, action: Action): boolean {
  return MATRIX[action].includes(role);
}

/**
 * The filter a list query must apply for this actor and action: `null` fields mean
 * "no restriction". Returns undefined when the role may not perform the action at all.
 */
export function scopeFor(actor: Actor, action: Action): { provinceCode: string | null; agencyId: string | null } | undefined {
  if (!roleAllows(actor.role, action)) return undefined;
  return {
    provinceCode: actor.provinceCode,
    agencyId: actor.role === 'agency_viewer' && !UNSCOPED_BY_AGENCY.has(action) ? actor.agencyId : null,
  };
}

/** May this actor perform this action (on this resource, when given)? */
export function can(actor: Actor, action: Action, resource?: ResourceScope): boolean {
  const scope = scopeFor(actor, action);
  if (!scope) return false;
  if (!resource) return true;
  if (scope.provinceCode && resource.provinceCode && resource.provinceCode !== scope.provinceCode) return false;
  // An agency viewer sees only what their agency is responsible for; unowned objects are not theirs.
  if (scope.agencyId && resource.agencyId !== scope.agencyId) return false;
  return true;
}

/**
 * May this actor manage this account? Accounts are scoped like everything else, except that a
 * national account (no province) is beyond every provincial administrator.
 */
export function canManageAccount(actor: Actor, account: { provinceCode: string | null }): boolean {
  if (!roleAllows(actor.role, 'user:manage')) return false;
  return actor.provinceCode === null || account.provinceCode === actor.provinceCode;
}

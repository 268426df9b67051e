// The one permission module: role x action, scoped by province and agency. Every page,
// route handler and server action asks here, on the server. No other file decides access.
import { ROLES, type Action, type AgencyKind, type Role } from '@/lib/domain/roles';

export { ROLES, type Action };

/** Every role but the telecom companies' staff, who work on their facilities only. */
const ALL: readonly Role[] = ['leadership', 'operator', 'planner', 'agency_viewer', 'admin'];

const MATRIX: Record<Action, readonly Role[]> = {
  'map:view': ALL,
  'reference:read': [...ALL, 'telecom'],
  'layer:read': ALL,
  'zone:write': ['planner', 'admin'],
  'checkpoint:write': ['planner', 'admin'],
  'facility:read': [...ALL, 'telecom'],
  'facility:write': ['admin'],
  'facility:progress': ['telecom', 'admin'],
  'programme:manage': ['admin'],
  'camera:read': ALL,
  'camera:stream': ALL,
  'camera:write': ['admin'],
  // Reviewing the past is for those who act on it and answer for it: not planners, not other agencies.
  'recording:play': ['leadership', 'operator', 'admin'],
  // What is handed to an investigator: by those who may review the video it holds.
  'evidence:export': ['leadership', 'operator', 'admin'],
  'alert:read': ['leadership', 'operator', 'agency_viewer', 'admin'],
  'alert:handle': ['operator', 'admin'],
  'alert:policy': ['admin'],
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
  'account:self': [...ALL, 'telecom'],
  'signature:verify': [...ALL, 'telecom'],
  'device:manage': ['admin'],
  'detection:read': ALL,
  'detection:export': ['leadership', 'operator', 'admin'],
};

/**
 * The provincial Department of Information and Communications runs the camera programme (the
 * seed's Sở TT&TT): whatever role its staff hold, they may do these across their province (a
 * national one across all), which their role alone would not allow or would narrow to their agency.
 */
const PROGRAMME_AGENCY: AgencyKind = 'information';
const PROGRAMME_GRANTS: ReadonlySet<Action> = new Set(['facility:read', 'facility:write', 'facility:progress', 'programme:manage']);

function programmeGrant(actor: Actor, action: Action): boolean {
  return actor.agencyKind === PROGRAMME_AGENCY && actor.role !== 'telecom' && PROGRAMME_GRANTS.has(action);
}

/** Actions on shared reference data, which no agency owns; everything else is agency-scoped for agency viewers. */
const UNSCOPED_BY_AGENCY: ReadonlySet<Action> = new Set(['map:view', 'reference:read', 'report:read', 'account:self', 'signature:verify']);

export interface Actor {
  id: string;
  role: Role;
  agencyId: string;
  /** null: national level, sees every province. */
  provinceCode: string | null;
  /** The kind of the user's agency (the Department of Information and Communications runs the camera programme). */
  agencyKind?: AgencyKind;
}

/** Who owns a resource. Missing fields are not checked (e.g. an object with no owning agency). */
export interface ResourceScope {
  provinceCode?: string | null;
  agencyId?: string | null;
  /** A quarantine facility's assigned telecom company. */
  telecomAgencyId?: string | null;
}

/** A list filter: null fields mean no restriction. */
export interface ActorScope {
  provinceCode: string | null;
  agencyId: string | null;
  /** Telecom staff: only the facilities assigned to their company. */
  telecomAgencyId?: string | null;
}

export function roleAllows(role: Role, action: Action): boolean {
  return MATRIX[action].includes(role);
}

/** The roles the matrix grants an action (before scope), e.g. to list who could be given an alert. */
export function rolesAllowed(action: Action): readonly Role[] {
  return MATRIX[action];
}

/**
 * The filter a list query must apply for this actor and action: `null` fields mean
 * "no restriction". Returns undefined when the role may not perform the action at all.
 */
export function scopeFor(actor: Actor, action: Action): ActorScope | undefined {
  const granted = programmeGrant(actor, action);
  if (!granted && !roleAllows(actor.role, action)) return undefined;
  if (actor.role === 'telecom') return { provinceCode: actor.provinceCode, agencyId: null, telecomAgencyId: actor.agencyId };
  return {
    provinceCode: actor.provinceCode,
    agencyId: actor.role === 'agency_viewer' && !granted && !UNSCOPED_BY_AGENCY.has(action) ? actor.agencyId : null,
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
  if (scope.telecomAgencyId && resource.telecomAgencyId !== scope.telecomAgencyId) return false;
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

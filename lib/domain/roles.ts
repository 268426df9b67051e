// Who may act (roles, agency kinds) and what they may do (actions): names shared by the schema,
// the permission module and the pages. The rules that join them live in lib/auth/permissions.ts.

export const ROLES = ['leadership', 'operator', 'planner', 'agency_viewer', 'admin', 'telecom'] as const;
export type Role = (typeof ROLES)[number];

export const AGENCY_KINDS = ['border_guard', 'people_committee', 'health', 'information', 'telecom', 'police'] as const;
export type AgencyKind = (typeof AGENCY_KINDS)[number];

export type Action =
  | 'map:view'
  /** Shared reference geography: border line, administrative areas, place names. */
  | 'reference:read'
  | 'layer:read'
  | 'zone:write'
  | 'checkpoint:write'
  /** The quarantine-facility camera programme: facilities, contacts, status, dashboard, daily reports. */
  | 'facility:read'
  /** Registering, editing and closing facilities and their contacts. */
  | 'facility:write'
  /** Recording a facility's survey, agreed connection plan and connection. */
  | 'facility:progress'
  /** The programme's settings (deadline, report time) and reports made on demand. */
  | 'programme:manage'
  | 'camera:read'
  | 'camera:stream'
  | 'camera:write'
  /** Recorded video: a camera's timeline and playback of any past moment (every playback audited). */
  | 'recording:play'
  | 'evidence:export'
  /** The alert inbox, alert details and incidents (scoped by province, and agency for agency viewers). */
  | 'alert:read'
  | 'alert:handle'
  /** The escalation policy: how long each kind and severity of alert may stay new. */
  | 'alert:policy'
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
  /**
   * Report signatures: the public keys and checking a report or a downloaded copy. Every signed-in
   * user: a public key is not secret, and a check never shows a report the user may not read
   * (lib/reports/verification). Not anonymous, since reports themselves are not public.
   */
  | 'signature:verify'
  | 'device:manage'
  /** AI detections and crossings: map layers, heatmaps, the events page. */
  | 'detection:read'
  /** Exporting detections and crossings (CSV/GeoJSON); every export is audited. */
  | 'detection:export';

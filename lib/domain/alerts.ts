// The alert vocabulary: states, kinds, severities, outcomes and actions. Part of the bottom
// layer (lib/domain): plain constants and types that db/ and lib/ both use, importing nothing.

export const ALERT_STATUSES = ['new', 'acknowledged', 'dispatched', 'resolved', 'dismissed', 'retracted'] as const;
export type AlertStatus = (typeof ALERT_STATUSES)[number];

/** Statuses that still need someone; the others are closed for good. */
export const OPEN_STATUSES = ['new', 'acknowledged', 'dispatched'] as const satisfies readonly AlertStatus[];
export type OpenStatus = (typeof OPEN_STATUSES)[number];

export const ALERT_SEVERITIES = ['info', 'warning', 'critical'] as const;
export type AlertSeverity = (typeof ALERT_SEVERITIES)[number];

/**
 * Field alerts are about people or vehicles at the border (a team can be sent and the outcome
 * recorded); equipment alerts are about Vigil's own cameras and facilities (they close by
 * themselves when the equipment is back).
 */
export const FIELD_ALERT_KINDS = ['hotspot_crossing', 'tip'] as const;
export const EQUIPMENT_ALERT_KINDS = ['camera_down', 'facility_down', 'recording_paused', 'storage_low'] as const;
export const ALERT_KINDS = [...FIELD_ALERT_KINDS, ...EQUIPMENT_ALERT_KINDS] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

export const RESOLUTION_OUTCOMES = ['intercepted', 'turned_back', 'false_alarm', 'no_contact'] as const;
export type ResolutionOutcome = (typeof RESOLUTION_OUTCOMES)[number];
/** The outcome the system records when equipment is back (no person chooses it). */
export const RESTORED_OUTCOME = 'restored';

export const ALERT_ACTIONS = ['acknowledge', 'dispatch', 'resolve', 'dismiss'] as const;
export type AlertAction = (typeof ALERT_ACTIONS)[number];

/** What a person may do with an open group besides moving it on: put it aside, give it to someone, raise its priority. */
export const HANDLING_ACTIONS = ['snooze', 'unsnooze', 'assign', 'prioritize'] as const;
export type HandlingAction = (typeof HANDLING_ACTIONS)[number];

/** Priorities an operator sets (the source sets the severity): normal, high, urgent. */
export const ALERT_PRIORITIES = [0, 1, 2] as const;
export type AlertPriority = (typeof ALERT_PRIORITIES)[number];
export const PRIORITY_NAMES: Record<AlertPriority, 'normal' | 'high' | 'urgent'> = { 0: 'normal', 1: 'high', 2: 'urgent' };

/** Snoozes an operator may choose, in minutes. */
export const SNOOZE_MINUTES = [5, 15, 30, 60, 120] as const;

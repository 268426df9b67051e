// The camera programme's facility statuses: a bottom-layer vocabulary shared by the schema (db/),
// the rules (lib/programme) and the interface, so none of them imports another for it.

/** Where a facility is in the camera programme (lib/programme/status: the rule that derives it). */
export const FACILITY_STATUSES = ['not_surveyed', 'surveyed', 'plan_agreed', 'connecting', 'connected', 'degraded'] as const;
export type FacilityStatus = (typeof FACILITY_STATUSES)[number];
/** The steps people record; `connected` and `degraded` follow from the cameras' health alone. */
export const FACILITY_STAGES = ['not_surveyed', 'surveyed', 'plan_agreed', 'connecting'] as const;
export type FacilityStage = (typeof FACILITY_STAGES)[number];

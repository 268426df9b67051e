// Live event shapes, shared by the server (NOTIFY payloads) and the browser (SSE).
import { type AlertStatus } from '@/lib/domain/alerts';
import { DETECTION_CLASSES, type DetectionClass } from '@/lib/domain/detections';

export interface CameraStatusEvent {
  topic: 'camera.status';
  cameraId: string;
  status: 'unknown' | 'live' | 'stalled' | 'offline' | 'unsupported';
  since: string;
  /** Why it is not live, as a code the interface translates (details are for administrators). */
  errorCode: string | null;
  provinceCode: string;
  agencyId: string | null;
}

/** What happened to an alert that the live inbox and map should know. */
export type AlertChange = 'raised' | 'transition' | 'escalated' | 'grouped' | 'retracted' | 'restored' | 'report';

export interface AlertEvent {
  topic: 'alert';
  alertId: string;
  kind: string;
  change: AlertChange;
  status: AlertStatus;
  severity: string;
  version: number;
  /** The group it is handled in (the id of the group's first alert), or null on its own. */
  incidentId: string | null;
  escalated: boolean;
  cameraId: string | null;
  /** For hotspot_crossing alerts: the crossing that raised it. */
  crossingId: number | null;
  occurredAt: string;
  lon: number | null;
  lat: number | null;
  /** What a notification says without asking the server again. */
  zoneName: string | null;
  zoneNameEn: string | null;
  direction: 'into_vn' | 'out_of_vn' | null;
  people: number | null;
  provinceCode: string;
  agencyId: string | null;
}

export interface CrossingEvent {
  topic: 'crossing';
  crossingId: number;
  cameraId: string;
  direction: 'into_vn' | 'out_of_vn';
  crossedAt: string;
  class: LiveDetection['class'];
  count: number;
  lon: number;
  lat: number;
  provinceCode: string;
  agencyId: string | null;
}

/** A crossing that stopped being true (a late point of its track fell between its two points). */
export interface CrossingRetractedEvent {
  topic: 'crossing.retracted';
  crossingId: number;
  cameraId: string;
  reason: string;
  provinceCode: string;
  agencyId: string | null;
}

/** What an AI camera can report; shared by validation, queries and the UI. */
export { DETECTION_CLASSES, type DetectionClass };

/** One detection as the map shows it live. */
export interface LiveDetection {
  id: number;
  cameraId: string;
  class: DetectionClass;
  count: number;
  confidence: number;
  observedAt: string;
  trackId: string | null;
  side: 'vn' | 'cn' | 'sea' | null;
  lon: number;
  lat: number;
}

/** The detections of one ingest batch that share an owner (province and agency). */
export interface DetectionsEvent {
  topic: 'detections';
  items: LiveDetection[];
  provinceCode: string;
  agencyId: string | null;
}

/** A planner saved, retired or restored a zone, patrol route or post: maps reload that layer. */
export interface PlanEvent {
  topic: 'plan';
  layer: 'zones' | 'routes' | 'posts';
  objectId: string;
  version: number;
  change: 'created' | 'updated' | 'retired' | 'restored' | 'imported';
  name: string;
  byName: string;
  /** Imports announce many objects at once: how many. */
  count: number;
  provinceCode: string;
  agencyId: string | null;
}

/** A quarantine facility changed: its status (from the cameras' health), a step, its details or contacts. */
export interface FacilityEvent {
  topic: 'facility';
  facilityId: string;
  change: 'status' | 'created' | 'updated' | 'step' | 'contacts';
  status: 'not_surveyed' | 'surveyed' | 'plan_agreed' | 'connecting' | 'connected' | 'degraded';
  name: string;
  provinceCode: string;
  agencyId: string | null;
  telecomAgencyId: string | null;
}

export type VigilEvent = CameraStatusEvent | AlertEvent | CrossingEvent | CrossingRetractedEvent | DetectionsEvent | PlanEvent | FacilityEvent;
export type LiveTopic = VigilEvent['topic'];

/**
 * Every topic the server publishes, the one list the stream and the browser both use: the
 * browser listens to exactly these (EventSource drops named events nobody listens to).
 */
export const LIVE_TOPICS = ['camera.status', 'alert', 'crossing', 'crossing.retracted', 'detections', 'plan', 'facility'] as const satisfies readonly LiveTopic[];
// A topic added to VigilEvent but not to LIVE_TOPICS fails to compile here.
const _everyTopicListed: Exclude<LiveTopic, (typeof LIVE_TOPICS)[number]> extends never ? true : never = true;
void _everyTopicListed;

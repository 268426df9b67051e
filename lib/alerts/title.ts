// Alert titles built from an alert's facts (never its stored technical message), the same in
// the inbox, on the map, in notifications and in printed reports.

/** What every alert text is built from: a list row, a live event or a report line. */
export interface AlertTextSource {
  kind: string;
  directions?: string[];
  direction?: string | null;
  zoneName?: string | null;
  zoneNameEn?: string | null;
  cameraName?: string | null;
  cameraNameEn?: string | null;
  people?: number | null;
  classes?: string[];
  errorCode?: string | null;
}

/** The translator of the `alerts` namespace (next-intl's, on the client or the server). */
export type AlertTranslator = (key: string, values?: Record<string, string | number>) => string;

/**
 * The title of an alert in the reader's language: "Vượt biên vào Việt Nam tại Z1 · 3 người",
 * "Camera bờ sông 5 mất tín hiệu".
 */
export function alertTitle(t: AlertTranslator, en: boolean, a: AlertTextSource): string {
  const zone = (en ? a.zoneNameEn || a.zoneName : a.zoneName) ?? null;
  const camera = (en ? a.cameraNameEn || a.cameraName : a.cameraName) ?? '';
  const directions = a.directions ?? (a.direction ? [a.direction] : []);
  const direction = directions.length === 1 ? directions[0]! : directions.length > 1 ? 'both' : 'unknown';
  const cls = a.classes?.length === 1 ? a.classes[0]! : 'mixed';
  switch (a.kind) {
    case 'hotspot_crossing':
      return t('title.hotspot_crossing', {
        direction,
        zone: zone ?? t('noZone'),
        people: a.people ?? 0,
        cls,
      });
    case 'tip':
      return t('title.tip', { zone: zone ?? t('noZone'), hasZone: zone ? 'yes' : 'no', people: a.people ?? 0 });
    case 'camera_down':
      return t('title.camera_down', { camera });
    case 'facility_down':
      return t('title.facility_down', { zone: zone ?? '' });
    case 'recording_paused':
      return t('title.recording_paused');
    case 'storage_low':
      return t('title.storage_low');
    default:
      return t('title.other');
  }
}

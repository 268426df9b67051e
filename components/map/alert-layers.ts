// deck.gl layers for the duty team's work on the map: open alert groups (ringing while nobody
// has acknowledged them) and the teams sent to them, a line from their post to the place.
import { LineLayer, ScatterplotLayer } from '@deck.gl/layers';
import type { AlertGroupRow } from '@/db/queries/alerts';
import type { PostStaffing, StaffingNow } from '@/db/queries/roster';

export interface MapAlerts {
  alerts: AlertGroupRow[];
  dispatches: { id: string; alertId: string; teamName: string; postLon: number; postLat: number; alertLon: number; alertLat: number }[];
}

const SEVERITY_COLORS: Record<string, [number, number, number]> = {
  critical: [239, 68, 68],
  warning: [245, 158, 11],
  info: [148, 163, 184],
};

/** `now` animates the rings of unacknowledged alerts; null draws them still. */
export function alertLayers(data: MapAlerts | null, visible: boolean, now: number | null, scale = 1) {
  if (!data) return [];
  const ring = now === null ? 0.35 : (now % 1_600) / 1_600;
  const unacknowledged = data.alerts.filter((a) => a.status === 'new');
  return [
    new LineLayer<MapAlerts['dispatches'][number]>({
      id: 'dispatch-lines',
      data: data.dispatches,
      visible,
      getSourcePosition: (d) => [d.postLon, d.postLat],
      getTargetPosition: (d) => [d.alertLon, d.alertLat],
      getColor: [34, 197, 94, 230],
      getWidth: 3 * scale,
      widthUnits: 'pixels',
    }),
    new ScatterplotLayer<MapAlerts['dispatches'][number]>({
      id: 'dispatch-posts',
      data: data.dispatches,
      visible,
      radiusUnits: 'pixels',
      getPosition: (d) => [d.postLon, d.postLat],
      getRadius: 6 * scale,
      getFillColor: [34, 197, 94, 255],
      stroked: true,
      getLineColor: [11, 22, 32, 255],
      lineWidthMinPixels: 2,
    }),
    new ScatterplotLayer<AlertGroupRow>({
      id: 'alert-rings',
      data: unacknowledged,
      visible,
      radiusUnits: 'pixels',
      getPosition: (d) => [d.lon!, d.lat!],
      getRadius: (10 + ring * 14) * scale,
      filled: false,
      stroked: true,
      getLineColor: (d) => [...(SEVERITY_COLORS[d.severity] ?? SEVERITY_COLORS.info!), Math.round(255 * (1 - ring))],
      lineWidthMinPixels: 3,
      updateTriggers: { getRadius: [ring], getLineColor: [ring] },
    }),
    new ScatterplotLayer<AlertGroupRow>({
      id: 'open-alerts',
      data: data.alerts,
      visible,
      pickable: true,
      radiusUnits: 'pixels',
      getPosition: (d) => [d.lon!, d.lat!],
      getRadius: (d) => (8 + Math.min(6, d.count * 2)) * scale,
      getFillColor: (d) => [...(SEVERITY_COLORS[d.severity] ?? SEVERITY_COLORS.info!), 240],
      stroked: true,
      getLineColor: (d) => (d.status === 'dispatched' ? [34, 197, 94, 255] : [255, 255, 255, 255]),
      lineWidthMinPixels: 3,
    }),
  ];
}

/** Posts nobody holds now (red ring) or in the next shift (amber ring), so gaps stand out. */
export function staffingLayer(staffing: StaffingNow | null, visible: boolean, scale = 1) {
  const gaps = (staffing?.posts ?? []).filter((p) => !p.current || !p.next);
  return new ScatterplotLayer<PostStaffing>({
    id: 'post-staffing',
    data: gaps,
    visible,
    radiusUnits: 'pixels',
    getPosition: (d) => [d.lon, d.lat],
    getRadius: 11 * scale,
    filled: false,
    stroked: true,
    getLineColor: (d) => (d.current ? [245, 158, 11, 255] : [239, 68, 68, 255]),
    lineWidthMinPixels: 3,
    updateTriggers: { getLineColor: [staffing?.current.start] },
  });
}

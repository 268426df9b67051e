'use client';

import 'maplibre-gl/dist/maplibre-gl.css';
import maplibregl from 'maplibre-gl';
import { useLocale, useTranslations } from 'next-intl';
import { useEffect, useRef } from 'react';
import { buildStyle } from '@/components/map/map-style';
import { useMapLibreLocale } from '@/components/map/map-locale';
import type { AlertContext } from '@/lib/alerts/context';
import { fovSector } from '@/lib/geo/sector';

type Feature = GeoJSON.Feature<GeoJSON.Geometry, Record<string, unknown>>;
const collection = (features: Feature[]): GeoJSON.FeatureCollection<GeoJSON.Geometry, Record<string, unknown>> => ({ type: 'FeatureCollection', features });
const point = (lon: number, lat: number, properties: Record<string, unknown> = {}): Feature => ({ type: 'Feature', properties, geometry: { type: 'Point', coordinates: [lon, lat] } });

/**
 * The place of an alert group: its alerts (the first one ringed), the tracks of its crossings,
 * the fields of view of the cameras that see it, the teams sent (post → place) and other alerts
 * nearby.
 */
export default function AlertMap({ context }: { context: AlertContext }) {
  const container = useRef<HTMLDivElement>(null);
  const locale = useLocale();
  const t = useTranslations('alerts');
  const controlLabels = useMapLibreLocale();
  const labels = useRef(controlLabels);
  useEffect(() => {
    const { group } = context;
    if (!container.current || group.lon === null || group.lat === null) return;
    const map = new maplibregl.Map({
      container: container.current,
      style: buildStyle(window.location.origin, 1, locale),
      center: [group.lon, group.lat],
      zoom: 14,
      attributionControl: false,
      locale: labels.current,
    });
    map.addControl(new maplibregl.NavigationControl({ showCompass: false }), 'top-right');
    map.addControl(new maplibregl.ScaleControl({ unit: 'metric' }), 'bottom-left');
    map.on('load', () => {
      const fov = context.cameras.map((c) => ({
        type: 'Feature' as const,
        properties: { status: c.status },
        geometry: { type: 'Polygon' as const, coordinates: [fovSector([c.lon, c.lat], c.bearingDeg, c.fovDeg, c.rangeM)] },
      }));
      const tracks = context.evidence.map((e) => ({
        type: 'Feature' as const,
        properties: {},
        geometry: { type: 'LineString' as const, coordinates: e.crossing.track.map((p) => [p.lon, p.lat]) },
      }));
      const dispatchLines = context.dispatches.map((d) => ({
        type: 'Feature' as const,
        properties: { reported: d.reportedAt !== null },
        geometry: { type: 'LineString' as const, coordinates: [[d.postLon, d.postLat], [group.lon!, group.lat!]] },
      }));
      map.addSource('alert-fov', { type: 'geojson', data: collection(fov) });
      map.addSource('alert-tracks', { type: 'geojson', data: collection(tracks.filter((f) => f.geometry.coordinates.length > 1)) });
      map.addSource('alert-dispatch', { type: 'geojson', data: collection(dispatchLines) });
      map.addSource('alert-posts', { type: 'geojson', data: collection(context.dispatches.map((d) => point(d.postLon, d.postLat, { name: d.teamName }))) });
      map.addSource('alert-nearby', { type: 'geojson', data: collection(context.nearby.filter((n) => n.lon !== null).map((n) => point(n.lon!, n.lat!, {}))) });
      map.addSource('alert-members', { type: 'geojson', data: collection(context.members.filter((m) => m.lon !== null).map((m) => point(m.lon!, m.lat!, { retracted: m.status === 'retracted' }))) });
      map.addSource('alert-lead', { type: 'geojson', data: point(group.lon!, group.lat!) });
      map.addLayer({ id: 'alert-fov-fill', type: 'fill', source: 'alert-fov', paint: { 'fill-color': '#38bdf8', 'fill-opacity': 0.12 } });
      map.addLayer({ id: 'alert-fov-line', type: 'line', source: 'alert-fov', paint: { 'line-color': '#38bdf8', 'line-width': 1 } });
      map.addLayer({ id: 'alert-tracks', type: 'line', source: 'alert-tracks', paint: { 'line-color': '#facc15', 'line-width': 3, 'line-dasharray': [2, 1] } });
      map.addLayer({ id: 'alert-dispatch', type: 'line', source: 'alert-dispatch', paint: { 'line-color': '#22c55e', 'line-width': 3, 'line-dasharray': [1, 1] } });
      map.addLayer({ id: 'alert-posts', type: 'circle', source: 'alert-posts', paint: { 'circle-radius': 7, 'circle-color': '#22c55e', 'circle-stroke-color': '#0b1620', 'circle-stroke-width': 2 } });
      map.addLayer({ id: 'alert-nearby', type: 'circle', source: 'alert-nearby', paint: { 'circle-radius': 6, 'circle-color': '#a78bfa', 'circle-stroke-color': '#0b1620', 'circle-stroke-width': 1 } });
      map.addLayer({ id: 'alert-members', type: 'circle', source: 'alert-members', paint: { 'circle-radius': 7, 'circle-color': ['case', ['get', 'retracted'], '#64748b', '#ef4444'], 'circle-stroke-color': '#ffffff', 'circle-stroke-width': 2 } });
      map.addLayer({ id: 'alert-lead', type: 'circle', source: 'alert-lead', paint: { 'circle-radius': 13, 'circle-color': 'rgba(0,0,0,0)', 'circle-stroke-color': '#ffffff', 'circle-stroke-width': 3 } });
      const coords: [number, number][] = [
        [group.lon!, group.lat!],
        ...context.members.filter((m) => m.lon !== null).map((m) => [m.lon!, m.lat!] as [number, number]),
        ...context.dispatches.map((d) => [d.postLon, d.postLat] as [number, number]),
        ...context.cameras.map((c) => [c.lon, c.lat] as [number, number]),
        ...context.evidence.flatMap((e) => e.crossing.track.map((p) => [p.lon, p.lat] as [number, number])),
      ];
      const bounds = coords.reduce((b, c) => b.extend(c), new maplibregl.LngLatBounds(coords[0]!, coords[0]!));
      map.fitBounds(bounds, { padding: 50, maxZoom: 16, duration: 0 });
    });
    return () => map.remove();
  }, [context, locale]);
  if (context.group.lon === null) return null;
  return <div ref={container} className="alert-map" data-testid="alert-map" role="region" aria-label={t('mapLabel')} />;
}

'use client';

import 'maplibre-gl/dist/maplibre-gl.css';
import maplibregl, { type GeoJSONSource } from 'maplibre-gl';
import { useLocale, useTranslations } from 'next-intl';
import { useEffect, useRef, useState } from 'react';
import { buildStyle } from '@/components/map/map-style';
import { useMapLibreLocale } from '@/components/map/map-locale';
import type { AlertContext } from '@/lib/alerts/context';
import { fovSector } from '@/lib/geo/sector';

type Feature = GeoJSON.Feature<GeoJSON.Geometry, Record<string, unknown>>;
const collection = (features: Feature[]): GeoJSON.FeatureCollection<GeoJSON.Geometry, Record<string, unknown>> => ({ type: 'FeatureCollection', features });
const point = (lon: number, lat: number, properties: Record<string, unknown> = {}): Feature => ({ type: 'Feature', properties, geometry: { type: 'Point', coordinates: [lon, lat] } });

function contextData(context: AlertContext) {
  const { group } = context;
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
  return {
    'alert-fov': collection(fov),
    'alert-tracks': collection(tracks.filter((f) => f.geometry.coordinates.length > 1)),
    'alert-dispatch': collection(dispatchLines),
    'alert-posts': collection(context.dispatches.map((d) => point(d.postLon, d.postLat, { name: d.teamName }))),
    'alert-nearby': collection(context.nearby.filter((n) => n.lon !== null).map((n) => point(n.lon!, n.lat!, {}))),
    'alert-members': collection(context.members.filter((m) => m.lon !== null).map((m) => point(m.lon!, m.lat!, { retracted: m.status === 'retracted' }))),
    'alert-lead': collection([point(group.lon!, group.lat!)]),
  };
}

/**
 * The place of an alert group: its alerts (the first one ringed), the tracks of its crossings,
 * the fields of view of the cameras that see it, the teams sent (post → place) and other alerts
 * nearby. The map is made once per group and its layers are updated in place when the group
 * changes (a live event), so it never goes blank again; until the first drawing the box says it
 * is loading.
 */
export default function AlertMap({ context }: { context: AlertContext }) {
  const container = useRef<HTMLDivElement>(null);
  const mapRef = useRef<maplibregl.Map | null>(null);
  const [loaded, setLoaded] = useState(false);
  const locale = useLocale();
  const t = useTranslations('alerts');
  const controlLabels = useMapLibreLocale();
  const labels = useRef(controlLabels);
  const { id: groupId, lon, lat } = context.group;

  useEffect(() => {
    if (!container.current || lon === null || lat === null) return;
    const map = new maplibregl.Map({
      container: container.current,
      style: buildStyle(window.location.origin, 1, locale, true),
      center: [lon, lat],
      zoom: 14,
      attributionControl: false,
      locale: labels.current,
    });
    mapRef.current = map;
    map.addControl(new maplibregl.NavigationControl({ showCompass: false }), 'top-right');
    map.addControl(new maplibregl.ScaleControl({ unit: 'metric' }), 'bottom-left');
    map.on('load', () => {
      for (const id of ['alert-fov', 'alert-tracks', 'alert-dispatch', 'alert-posts', 'alert-nearby', 'alert-members', 'alert-lead']) map.addSource(id, { type: 'geojson', data: collection([]) });
      map.addLayer({ id: 'alert-fov-fill', type: 'fill', source: 'alert-fov', paint: { 'fill-color': '#38bdf8', 'fill-opacity': 0.12 } });
      map.addLayer({ id: 'alert-fov-line', type: 'line', source: 'alert-fov', paint: { 'line-color': '#38bdf8', 'line-width': 1 } });
      map.addLayer({ id: 'alert-tracks', type: 'line', source: 'alert-tracks', paint: { 'line-color': '#facc15', 'line-width': 3, 'line-dasharray': [2, 1] } });
      map.addLayer({ id: 'alert-dispatch', type: 'line', source: 'alert-dispatch', paint: { 'line-color': '#22c55e', 'line-width': 3, 'line-dasharray': [1, 1] } });
      map.addLayer({ id: 'alert-posts', type: 'circle', source: 'alert-posts', paint: { 'circle-radius': 7, 'circle-color': '#22c55e', 'circle-stroke-color': '#0b1620', 'circle-stroke-width': 2 } });
      map.addLayer({ id: 'alert-nearby', type: 'circle', source: 'alert-nearby', paint: { 'circle-radius': 6, 'circle-color': '#a78bfa', 'circle-stroke-color': '#0b1620', 'circle-stroke-width': 1 } });
      map.addLayer({ id: 'alert-members', type: 'circle', source: 'alert-members', paint: { 'circle-radius': 7, 'circle-color': ['case', ['get', 'retracted'], '#64748b', '#ef4444'], 'circle-stroke-color': '#ffffff', 'circle-stroke-width': 2 } });
      map.addLayer({ id: 'alert-lead', type: 'circle', source: 'alert-lead', paint: { 'circle-radius': 13, 'circle-color': 'rgba(0,0,0,0)', 'circle-stroke-color': '#ffffff', 'circle-stroke-width': 3 } });
      setLoaded(true);
    });
    return () => {
      map.remove();
      mapRef.current = null;
      setLoaded(false);
    };
  }, [groupId, lon, lat, locale]);

  useEffect(() => {
    const map = mapRef.current;
    if (!map || !loaded || context.group.lon === null) return;
    for (const [id, data] of Object.entries(contextData(context))) (map.getSource(id) as GeoJSONSource | undefined)?.setData(data);
  }, [context, loaded]);

  // Framed once per group: what it holds, its cameras and teams.
  useEffect(() => {
    const map = mapRef.current;
    if (!map || !loaded || context.group.lon === null) return;
    const { group } = context;
    const coords: [number, number][] = [
      [group.lon!, group.lat!],
      ...context.members.filter((m) => m.lon !== null).map((m) => [m.lon!, m.lat!] as [number, number]),
      ...context.dispatches.map((d) => [d.postLon, d.postLat] as [number, number]),
      ...context.cameras.map((c) => [c.lon, c.lat] as [number, number]),
      ...context.evidence.flatMap((e) => e.crossing.track.map((p) => [p.lon, p.lat] as [number, number])),
    ];
    const bounds = coords.reduce((b, c) => b.extend(c), new maplibregl.LngLatBounds(coords[0]!, coords[0]!));
    map.fitBounds(bounds, { padding: 50, maxZoom: 16, duration: 0 });
    // eslint-disable-next-line react-hooks/exhaustive-deps -- framed when the map is ready, not on every live change
  }, [loaded]);

  if (lon === null) return null;
  return (
    <div className="alert-map" data-testid="alert-map" data-ready={loaded} role="region" aria-label={t('mapLabel')}>
      <div ref={container} className="alert-map-canvas" />
      {!loaded && <p className="map-placeholder">{t('mapLoading')}</p>}
    </div>
  );
}

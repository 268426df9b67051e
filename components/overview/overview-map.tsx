'use client';

import 'maplibre-gl/dist/maplibre-gl.css';
import maplibregl, { type GeoJSONSource } from 'maplibre-gl';
import { useLocale, useTranslations } from 'next-intl';
import { useEffect, useRef, useState } from 'react';
import { useMapLibreLocale } from '@/components/map/map-locale';
import { buildStyle } from '@/components/map/map-style';
import { BORDER_DISTRICTS_BOUNDS } from '@/lib/domain/region';

export interface OverviewMapData {
  crossings: { id: number; direction: string; lon: number; lat: number; count: number }[];
  unstaffed: { id: string; lon: number; lat: number; now: boolean }[];
  alerts: { id: string; lon: number; lat: number; severity: string }[];
}

const point = (coordinates: [number, number], properties: Record<string, unknown>) => ({ type: 'Feature' as const, properties, geometry: { type: 'Point' as const, coordinates } });

/** Today at a glance: crossings, open alerts and posts without a team, over the border map. */
export default function OverviewMap({ data }: { data: OverviewMapData }) {
  const t = useTranslations('overview');
  const container = useRef<HTMLDivElement>(null);
  const mapRef = useRef<maplibregl.Map | null>(null);
  const [loaded, setLoaded] = useState(false);
  const locale = useLocale();
  const tAlerts = useTranslations('alerts');
  const labels = useRef(useMapLibreLocale());
  const latest = useRef(data);
  useEffect(() => {
    latest.current = data;
  }, [data]);

  useEffect(() => {
    if (!container.current) return;
    const map = new maplibregl.Map({
      container: container.current,
      // Reference geography only (the map draws today's own points): the fewest sources to wait for.
      style: buildStyle(window.location.origin, parseFloat(getComputedStyle(document.documentElement).fontSize) / 14 || 1, locale, true),
      bounds: BORDER_DISTRICTS_BOUNDS,
      attributionControl: false,
      canvasContextAttributes: { preserveDrawingBuffer: true },
      locale: labels.current,
    });
    map.addControl(new maplibregl.NavigationControl({ showCompass: false }), 'top-right');
    map.on('load', () => {
      map.addSource('today', { type: 'geojson', data: { type: 'FeatureCollection', features: [] } });
      map.addLayer({
        id: 'today-unstaffed',
        type: 'circle',
        source: 'today',
        filter: ['==', ['get', 'layer'], 'unstaffed'],
        paint: { 'circle-radius': 9, 'circle-color': 'rgba(0,0,0,0)', 'circle-stroke-width': 3, 'circle-stroke-color': ['case', ['get', 'now'], '#ef4444', '#f59e0b'] },
      });
      map.addLayer({
        id: 'today-crossings',
        type: 'circle',
        source: 'today',
        filter: ['==', ['get', 'layer'], 'crossing'],
        paint: { 'circle-radius': 4, 'circle-color': ['match', ['get', 'direction'], 'into_vn', '#f87171', '#fb923c'], 'circle-opacity': 0.8, 'circle-stroke-width': 1, 'circle-stroke-color': '#0b1620' },
      });
      map.addLayer({
        id: 'today-alerts',
        type: 'circle',
        source: 'today',
        filter: ['==', ['get', 'layer'], 'alert'],
        paint: { 'circle-radius': 8, 'circle-color': ['match', ['get', 'severity'], 'critical', '#ef4444', 'warning', '#f59e0b', '#94a3b8'], 'circle-stroke-width': 2, 'circle-stroke-color': '#ffffff' },
      });
      mapRef.current = map;
      show(map, latest.current);
      setLoaded(true);
    });
    return () => {
      mapRef.current = null;
      map.remove();
    };
  }, [locale]);

  useEffect(() => {
    if (mapRef.current) show(mapRef.current, data);
  }, [data]);

  return (
    <div className="overview-map" role="region" aria-label={t('mapLabel')} data-testid="overview-map" data-ready={loaded}>
      <div ref={container} className="overview-map-canvas" />
      {!loaded && <p className="map-placeholder">{tAlerts('mapLoading')}</p>}
    </div>
  );
}

function show(map: maplibregl.Map, data: OverviewMapData) {
  (map.getSource('today') as GeoJSONSource | undefined)?.setData({
    type: 'FeatureCollection',
    features: [
      ...data.unstaffed.map((p) => point([p.lon, p.lat], { layer: 'unstaffed', now: p.now })),
      ...data.crossings.map((c) => point([c.lon, c.lat], { layer: 'crossing', direction: c.direction })),
      ...data.alerts.map((a) => point([a.lon, a.lat], { layer: 'alert', severity: a.severity })),
    ],
  });
}

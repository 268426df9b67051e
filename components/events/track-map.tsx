'use client';

import 'maplibre-gl/dist/maplibre-gl.css';
import maplibregl from 'maplibre-gl';
import { useEffect, useRef } from 'react';
import { useLocale } from 'next-intl';
import { useMapLibreLocale } from '@/components/map/map-locale';
import { buildStyle } from '@/components/map/map-style';
import type { EventDetail } from '@/db/queries/detections';

/** A small map of one event: its track as a line, the points, the crossing points, the event itself. */
export default function TrackMap({ detail }: { detail: EventDetail }) {
  const container = useRef<HTMLDivElement>(null);
  const locale = useLocale();
  const labels = useRef(useMapLibreLocale());
  useEffect(() => {
    if (!container.current) return;
    const e = detail.event;
    const map = new maplibregl.Map({
      container: container.current,
      style: buildStyle(window.location.origin, 1, locale),
      center: [e.lon, e.lat],
      zoom: 15,
      attributionControl: false,
      canvasContextAttributes: { preserveDrawingBuffer: true },
      locale: labels.current,
    });
    map.addControl(new maplibregl.NavigationControl({ showCompass: false }), 'top-right');
    map.addControl(new maplibregl.ScaleControl({ unit: 'metric' }), 'bottom-left');
    map.on('load', () => {
      const coords = detail.track.map((p) => [p.lon, p.lat]);
      map.addSource('track', { type: 'geojson', data: { type: 'Feature', properties: {}, geometry: { type: 'LineString', coordinates: coords.length > 1 ? coords : [[e.lon, e.lat], [e.lon, e.lat]] } } });
      map.addSource('track-points', { type: 'geojson', data: { type: 'FeatureCollection', features: detail.track.map((p) => ({ type: 'Feature', properties: { side: p.side ?? '' }, geometry: { type: 'Point', coordinates: [p.lon, p.lat] } })) } });
      map.addSource('crossing-points', { type: 'geojson', data: { type: 'FeatureCollection', features: detail.crossings.map((c) => ({ type: 'Feature', properties: { direction: c.direction }, geometry: { type: 'Point', coordinates: [c.lon, c.lat] } })) } });
      map.addSource('event', { type: 'geojson', data: { type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: [e.lon, e.lat] } } });
      map.addLayer({ id: 'track-line', type: 'line', source: 'track', paint: { 'line-color': '#facc15', 'line-width': 3, 'line-dasharray': [2, 1] } });
      map.addLayer({ id: 'track-points', type: 'circle', source: 'track-points', paint: { 'circle-radius': 4, 'circle-color': ['match', ['get', 'side'], 'cn', '#f97316', '#facc15'], 'circle-stroke-color': '#0b1620', 'circle-stroke-width': 1 } });
      map.addLayer({ id: 'crossing-points', type: 'circle', source: 'crossing-points', paint: { 'circle-radius': 8, 'circle-color': '#ef4444', 'circle-stroke-color': '#ffffff', 'circle-stroke-width': 2 } });
      map.addLayer({ id: 'event-point', type: 'circle', source: 'event', paint: { 'circle-radius': 10, 'circle-color': 'rgba(0,0,0,0)', 'circle-stroke-color': '#ffffff', 'circle-stroke-width': 3 } });
      if (coords.length > 1) {
        const bounds = coords.reduce((b, c) => b.extend(c as [number, number]), new maplibregl.LngLatBounds(coords[0] as [number, number], coords[0] as [number, number]));
        map.fitBounds(bounds, { padding: 60, maxZoom: 17, duration: 0 });
      }
    });
    return () => map.remove();
  }, [detail, locale]);
  return <div ref={container} className="track-map" data-testid="track-map" />;
}

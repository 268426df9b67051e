'use client';

import 'maplibre-gl/dist/maplibre-gl.css';
import maplibregl from 'maplibre-gl';
import { useLocale } from 'next-intl';
import { useEffect, useRef } from 'react';
import { useMapLibreLocale } from '@/components/map/map-locale';
import { buildStyle } from '@/components/map/map-style';
import { BORDER_DISTRICTS_BOUNDS } from '@/lib/domain/region';

/** A small map on which a click sets a position; the marker can also be dragged. */
export default function PositionPicker({ value, onChange }: { value: [number, number] | null; onChange: (lonLat: [number, number]) => void }) {
  const container = useRef<HTMLDivElement>(null);
  const marker = useRef<maplibregl.Marker | null>(null);
  const mapRef = useRef<maplibregl.Map | null>(null);
  const onChangeRef = useRef(onChange);
  const locale = useLocale();
  const labels = useRef(useMapLibreLocale());
  useEffect(() => {
    onChangeRef.current = onChange;
  });
  useEffect(() => {
    if (!container.current) return;
    const map = new maplibregl.Map({
      container: container.current,
      style: buildStyle(window.location.origin, 1, locale),
      bounds: BORDER_DISTRICTS_BOUNDS,
      attributionControl: false,
      locale: labels.current,
    });
    const m = new maplibregl.Marker({ draggable: true, color: '#4ea8de' });
    marker.current = m;
    mapRef.current = map;
    m.on('dragend', () => {
      const p = m.getLngLat();
      onChangeRef.current([p.lng, p.lat]);
    });
    map.on('click', (e) => {
      m.setLngLat(e.lngLat).addTo(map);
      onChangeRef.current([e.lngLat.lng, e.lngLat.lat]);
    });
    return () => map.remove();
  }, [locale]);
  useEffect(() => {
    const m = marker.current;
    if (!m || !value || !mapRef.current) return;
    m.setLngLat(value).addTo(mapRef.current);
    if (!mapRef.current.getBounds().contains(value)) mapRef.current.jumpTo({ center: value, zoom: Math.max(mapRef.current.getZoom(), 13) });
  }, [value]);
  return <div ref={container} className="picker-map" data-testid="position-picker" />;
}

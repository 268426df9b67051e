'use client';

import 'maplibre-gl/dist/maplibre-gl.css';
import maplibregl from 'maplibre-gl';
import { useEffect, useRef } from 'react';
import { buildStyle } from '@/components/map/map-style';
import { BORDER_DISTRICTS_BOUNDS } from '@/lib/geo/region';

/** A small map on which a click sets a position; the marker can also be dragged. */
export default function PositionPicker({ value, onChange }: { value: [number, number] | null; onChange: (lonLat: [number, number]) => void }) {
  const container = useRef<HTMLDivElement>(null);
  const marker = useRef<maplibregl.Marker | null>(null);
  const onChangeRef = useRef(onChange);
  useEffect(() => {
    onChangeRef.current = onChange;
  });
  useEffect(() => {
    if (!container.current) return;
    const map = new maplibregl.Map({ container: container.current, style: buildStyle(window.location.origin), bounds: BORDER_DISTRICTS_BOUNDS, attributionControl: false });
    const m = new maplibregl.Marker({ draggable: true, color: '#4ea8de' });
    marker.current = m;
    m.on('dragend', () => {
      const p = m.getLngLat();
      onChangeRef.current([p.lng, p.lat]);
    });
    map.on('click', (e) => {
      m.setLngLat(e.lngLat).addTo(map);
      onChangeRef.current([e.lngLat.lng, e.lngLat.lat]);
    });
    return () => map.remove();
  }, []);
  useEffect(() => {
    const m = marker.current as (maplibregl.Marker & { _map?: maplibregl.Map }) | null;
    if (m && value) m.setLngLat(value);
  }, [value]);
  return <div ref={container} className="picker-map" data-testid="position-picker" />;
}

'use client';

import 'maplibre-gl/dist/maplibre-gl.css';
import maplibregl, { type GeoJSONSource } from 'maplibre-gl';
import { useLocale, useTranslations } from 'next-intl';
import { useEffect, useRef } from 'react';
import { useMapLibreLocale } from '@/components/map/map-locale';
import { buildStyle } from '@/components/map/map-style';
import type { FacilityStatus } from '@/lib/domain/facilities';
import { BASEMAP_BOUNDS } from '@/lib/domain/region';
import { STATUS_COLORS } from '@/lib/programme/status-colors';

export interface MapFacility {
  id: string;
  name: string;
  status: FacilityStatus;
  lon: number;
  lat: number;
}

const statusColor = ['match', ['get', 'status'], ...Object.entries(STATUS_COLORS).flat(), '#94a3b8'] as unknown as maplibregl.ExpressionSpecification;

/** The facilities coloured by programme status; a click opens the facility. */
export default function FacilitiesMap({ facilities, onOpen }: { facilities: MapFacility[]; onOpen: (id: string) => void }) {
  const t = useTranslations('programme.dashboard');
  const container = useRef<HTMLDivElement>(null);
  const mapRef = useRef<maplibregl.Map | null>(null);
  const locale = useLocale();
  const labels = useRef(useMapLibreLocale());
  const latest = useRef(facilities);
  const open = useRef(onOpen);
  useEffect(() => {
    latest.current = facilities;
    open.current = onOpen;
  });

  useEffect(() => {
    if (!container.current) return;
    const map = new maplibregl.Map({
      container: container.current,
      style: buildStyle(window.location.origin, parseFloat(getComputedStyle(document.documentElement).fontSize) / 14 || 1, locale, true),
      bounds: fit(latest.current),
      maxBounds: BASEMAP_BOUNDS,
      attributionControl: false,
      canvasContextAttributes: { preserveDrawingBuffer: true },
      locale: labels.current,
    });
    map.addControl(new maplibregl.NavigationControl({ showCompass: false }), 'top-right');
    map.on('load', () => {
      map.addSource('facilities', { type: 'geojson', data: collection(latest.current) });
      map.addLayer({
        id: 'facility-status',
        type: 'circle',
        source: 'facilities',
        paint: { 'circle-radius': 7, 'circle-color': statusColor, 'circle-stroke-width': 2, 'circle-stroke-color': '#0b1620' },
      });
      map.on('click', 'facility-status', (e) => {
        const id = e.features?.[0]?.properties?.id;
        if (typeof id === 'string') open.current(id);
      });
      map.on('mouseenter', 'facility-status', () => (map.getCanvas().style.cursor = 'pointer'));
      map.on('mouseleave', 'facility-status', () => (map.getCanvas().style.cursor = ''));
      mapRef.current = map;
    });
    return () => {
      mapRef.current = null;
      map.remove();
    };
  }, [locale]);

  useEffect(() => {
    (mapRef.current?.getSource('facilities') as GeoJSONSource | undefined)?.setData(collection(facilities));
  }, [facilities]);

  return <div ref={container} className="programme-map" role="region" aria-label={t('mapLabel')} data-testid="programme-map" />;
}

function collection(facilities: MapFacility[]): GeoJSON.FeatureCollection {
  return {
    type: 'FeatureCollection',
    features: facilities.map((f) => ({ type: 'Feature', properties: { id: f.id, name: f.name, status: f.status }, geometry: { type: 'Point', coordinates: [f.lon, f.lat] } })),
  };
}

function fit(facilities: MapFacility[]): [number, number, number, number] {
  if (facilities.length === 0) return [106.5, 20.6, 108.2, 22.1];
  const lons = facilities.map((f) => f.lon);
  const lats = facilities.map((f) => f.lat);
  const pad = 0.08;
  return [Math.min(...lons) - pad, Math.min(...lats) - pad, Math.max(...lons) + pad, Math.max(...lats) + pad];
}

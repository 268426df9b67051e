'use client';

import 'maplibre-gl/dist/maplibre-gl.css';
import maplibregl, { type GeoJSONSource } from 'maplibre-gl';
import { useLocale, useTranslations } from 'next-intl';
import { useEffect, useRef, useState } from 'react';
import { useMapLibreLocale } from '@/components/map/map-locale';
import { buildStyle, FIRST_LABEL_LAYER, FONT_REGULAR } from '@/components/map/map-style';
import type { AlertGroupRow } from '@/db/queries/alerts';
import { BORDER_DISTRICTS_BOUNDS } from '@/lib/domain/region';

const SOURCE = 'incidents';

function toFeatures(groups: AlertGroupRow[], selected: string | null): GeoJSON.FeatureCollection<GeoJSON.Point> {
  return {
    type: 'FeatureCollection',
    features: groups
      .filter((g) => g.lon !== null && g.lat !== null)
      .map((g) => ({
        type: 'Feature',
        id: g.id,
        geometry: { type: 'Point', coordinates: [g.lon!, g.lat!] },
        // Attention decides which label wins a collision: new, urgent and critical first.
        properties: { id: g.id, count: g.count, severity: g.severity, status: g.status, selected: g.id === selected, rank: (g.status === 'new' ? 100 : 0) + g.priority * 10 + (g.severity === 'critical' ? 2 : g.severity === 'warning' ? 1 : 0) },
      })),
  };
}

/**
 * The open incidents on a map beside the inbox (wide screens): one marker per incident, sized by
 * how many alerts it holds, coloured by severity, ringed while new; a click selects it. Its
 * count labels give way to each other and to place names by attention (symbol-sort-key), so
 * names stay readable on a tablet and on a 4K wall. The basemap shows first; markers follow.
 */
export default function IncidentMap({ groups, selected, onSelect }: { groups: AlertGroupRow[]; selected: string | null; onSelect: (id: string) => void }) {
  const t = useTranslations('alerts');
  const locale = useLocale();
  const container = useRef<HTMLDivElement>(null);
  const mapRef = useRef<maplibregl.Map | null>(null);
  const [ready, setReady] = useState(false);
  const controlLabels = useMapLibreLocale();
  const labels = useRef(controlLabels);
  const select = useRef(onSelect);
  useEffect(() => {
    select.current = onSelect;
  });

  useEffect(() => {
    if (!container.current) return;
    const scale = parseFloat(getComputedStyle(document.documentElement).fontSize) / 14 || 1;
    const map = new maplibregl.Map({
      container: container.current,
      style: buildStyle(window.location.origin, scale, locale, true),
      bounds: BORDER_DISTRICTS_BOUNDS,
      attributionControl: false,
      locale: labels.current,
    });
    mapRef.current = map;
    map.addControl(new maplibregl.NavigationControl({ showCompass: false }), 'top-right');
    map.on('load', () => {
      map.addSource(SOURCE, { type: 'geojson', data: toFeatures([], null), promoteId: 'id' });
      const size = ['min', 22, ['+', 8, ['*', 3, ['sqrt', ['get', 'count']]]]] as maplibregl.ExpressionSpecification;
      // Under the place and hotspot names, so those stay readable over the markers.
      const beneath = map.getLayer(FIRST_LABEL_LAYER) ? FIRST_LABEL_LAYER : undefined;
      map.addLayer({
        id: 'incident-ring',
        type: 'circle',
        source: SOURCE,
        filter: ['any', ['==', ['get', 'status'], 'new'], ['get', 'selected']],
        paint: { 'circle-radius': ['+', size, 6], 'circle-color': 'rgba(0,0,0,0)', 'circle-stroke-width': 3, 'circle-stroke-color': ['case', ['get', 'selected'], '#fbbf24', '#ffffff'] },
      });
      map.addLayer({
        id: 'incident-dot',
        type: 'circle',
        source: SOURCE,
        paint: {
          'circle-radius': size,
          'circle-color': ['match', ['get', 'severity'], 'critical', '#ef4444', 'warning', '#f59e0b', '#60a5fa'],
          'circle-opacity': ['case', ['==', ['get', 'status'], 'new'], 0.95, 0.6],
          'circle-stroke-color': '#0b1620',
          'circle-stroke-width': 1.5,
        },
      }, beneath);
      map.addLayer({
        id: 'incident-count',
        type: 'symbol',
        source: SOURCE,
        filter: ['>', ['get', 'count'], 1],
        layout: { 'text-field': ['to-string', ['get', 'count']], 'text-font': FONT_REGULAR, 'text-size': 12 * scale, 'symbol-sort-key': ['-', 0, ['get', 'rank']], 'text-allow-overlap': false },
        paint: { 'text-color': '#0b1620' },
      }, beneath);
      map.on('click', 'incident-dot', (e) => {
        const id = e.features?.[0]?.properties?.id;
        if (typeof id === 'string') select.current(id);
      });
      map.on('mouseenter', 'incident-dot', () => (map.getCanvas().style.cursor = 'pointer'));
      map.on('mouseleave', 'incident-dot', () => (map.getCanvas().style.cursor = ''));
      setReady(true);
    });
    return () => {
      map.remove();
      mapRef.current = null;
    };
  }, [locale]);

  useEffect(() => {
    if (!ready) return;
    (mapRef.current?.getSource(SOURCE) as GeoJSONSource | undefined)?.setData(toFeatures(groups, selected));
  }, [ready, groups, selected]);

  // The selected incident comes into view without moving the map under the officer's hand otherwise.
  useEffect(() => {
    const map = mapRef.current;
    const g = groups.find((x) => x.id === selected);
    if (!ready || !map || !g || g.lon === null || g.lat === null) return;
    if (!map.getBounds().contains([g.lon, g.lat])) map.easeTo({ center: [g.lon, g.lat], duration: 400 });
  }, [ready, selected, groups]);

  return (
    <div className="incident-map" data-testid="incident-map" data-ready={ready}>
      <div ref={container} className="incident-map-canvas" role="application" aria-label={t('incidentMap')} />
      {!ready && <p className="map-placeholder">{t('mapLoading')}</p>}
    </div>
  );
}

'use client';

import type maplibregl from 'maplibre-gl';
import { useLocale, useTranslations } from 'next-intl';
import { useEffect, useMemo, useState } from 'react';
import type { CameraFeature } from '@/components/map/deck-layers';
import type { SelectionLayer } from '@/components/map/details-panel';
import { layerUrl } from '@/components/map/map-style';
import { ApiErrorNotice } from '@/components/app/api-error';
import { useApi } from '@/components/app/use-api';

export interface MapObject {
  layer: SelectionLayer;
  id: string;
  name: string;
  position: [number, number];
  properties: Record<string, unknown>;
}

interface PointCollection {
  features: { id: string; geometry: { type: string; coordinates: unknown }; properties: Record<string, unknown> }[];
}

const GROUPS: SelectionLayer[] = ['cameras', 'zones', 'checkpoints', 'facilities'];
const PER_GROUP = 60;

/**
 * Everything on the map within the current view, as a list: the keyboard's way to the map's
 * objects (and a screen reader's), in the same order as the layer panel.
 */
export function VisibleObjects({ map, cameras, onSelect }: { map: maplibregl.Map | null; cameras: CameraFeature[]; onSelect: (object: MapObject) => void }) {
  const t = useTranslations();
  const locale = useLocale();
  // The layers' lists, cached with the other loads of them; a layer this person may not read is
  // simply not listed, any other failure is said and retried.
  const zones = useApi<PointCollection>(layerUrl('', 'zones'));
  const zoneLabels = useApi<PointCollection>(layerUrl('', 'zone-labels'));
  const checkpoints = useApi<PointCollection>(layerUrl('', 'checkpoints'));
  const facilities = useApi<PointCollection>(layerUrl('', 'facilities'));
  const others = useMemo<MapObject[]>(() => {
    const labelAt = new Map((zoneLabels.data?.features ?? []).map((f) => [String(f.id), f.geometry.coordinates as [number, number]]));
    return [
      ...(zones.data?.features ?? []).filter((f) => labelAt.has(String(f.id))).map((f) => ({ layer: 'zones' as const, id: String(f.id), name: String(f.properties.name), position: labelAt.get(String(f.id))!, properties: f.properties })),
      ...(checkpoints.data?.features ?? []).map((f) => ({ layer: 'checkpoints' as const, id: String(f.id), name: String(f.properties.name), position: f.geometry.coordinates as [number, number], properties: f.properties })),
      ...(facilities.data?.features ?? []).map((f) => ({ layer: 'facilities' as const, id: String(f.id), name: String(f.properties.name), position: f.geometry.coordinates as [number, number], properties: f.properties })),
    ];
  }, [zones.data, zoneLabels.data, checkpoints.data, facilities.data]);
  const error = [zones.error, zoneLabels.error, checkpoints.error, facilities.error].find((e) => e && !(e.status === 403 || e.status === 404));
  const [bounds, setBounds] = useState<[number, number, number, number] | null>(null);

  useEffect(() => {
    if (!map) return;
    const update = () => {
      const b = map.getBounds();
      setBounds([b.getWest(), b.getSouth(), b.getEast(), b.getNorth()]);
    };
    update();
    map.on('moveend', update);
    return () => {
      map.off('moveend', update);
    };
  }, [map]);

  const groups = useMemo(() => {
    const all: MapObject[] = [
      ...cameras.map((c) => ({ layer: 'cameras' as const, id: c.id, name: (locale === 'en' && c.properties.nameEn) || c.properties.name, position: c.geometry.coordinates as [number, number], properties: { ...c.properties } })),
      ...others.map((o) => ({ ...o, name: (locale === 'en' && typeof o.properties.nameEn === 'string' && o.properties.nameEn) || o.name })),
    ];
    const inView = bounds ? all.filter(({ position: [x, y] }) => x >= bounds[0] && x <= bounds[2] && y >= bounds[1] && y <= bounds[3]) : all;
    return GROUPS.map((layer) => ({ layer, items: inView.filter((o) => o.layer === layer).sort((a, b) => a.name.localeCompare(b.name, locale)) }));
  }, [cameras, others, bounds, locale]);

  return (
    <div className="visible-objects" data-testid="visible-objects">
      <p className="muted small">{t('map.visibleHint')}</p>
      <ApiErrorNotice error={error} />
      {groups.map(({ layer, items }) => (
        <section key={layer} aria-label={t(`layers.${layer}`)}>
          <h3>
            {t(`layers.${layer}`)} <span className="count">{items.length}</span>
          </h3>
          {items.length === 0 ? (
            <p className="muted small">{t('map.noneInView')}</p>
          ) : (
            <ul>
              {items.slice(0, PER_GROUP).map((o) => (
                <li key={o.id}>
                  <button type="button" onClick={() => onSelect(o)}>
                    {layer === 'cameras' && <i className={`dot ${String(o.properties.status)}`} aria-hidden="true" />}
                    <span>{o.name}</span>
                  </button>
                </li>
              ))}
              {items.length > PER_GROUP && <li className="muted small">{t('map.moreInView', { count: items.length - PER_GROUP })}</li>}
            </ul>
          )}
        </section>
      ))}
    </div>
  );
}

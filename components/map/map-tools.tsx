'use client';

import type maplibregl from 'maplibre-gl';
import { useTranslations } from 'next-intl';
import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import { useFormats } from '@/components/app/use-formats';
import type { ToolShape } from '@/components/map/tool-layers';
import { apiFetch, errorMessage } from '@/lib/api/client';
import { bearingDeg, distanceM, pathLengthM, polygonAreaM2, type LonLat } from '@/lib/geo/measure';

export type ToolMode = 'line' | 'area' | 'rings' | 'border';
const MODES: ToolMode[] = ['line', 'area', 'rings', 'border'];
const DEFAULT_RINGS = [500, 1000, 2000];

interface BorderAnswer {
  side: 'vn' | 'cn' | 'sea' | null;
  distanceM: number;
  nearest: LonLat;
}

/**
 * Measuring tools: distance (with bearings), area, range rings around a point and a point's
 * distance to the border. Points come from clicks on the map, or from the map's centre for
 * those who use the keyboard. `activeRef` tells the map not to select objects meanwhile.
 */
export function MapTools({ map, onShape, activeRef, anchor, children }: { map: maplibregl.Map | null; onShape: (shape: ToolShape | null) => void; activeRef: { current: boolean }; anchor: LonLat | null; children?: ReactNode }) {
  const t = useTranslations('tools');
  const f = useFormats();
  const [mode, setMode] = useState<ToolMode | null>(null);
  const [points, setPoints] = useState<LonLat[]>([]);
  const [radiiText, setRadiiText] = useState(DEFAULT_RINGS.join(', '));
  const [border, setBorder] = useState<{ from: LonLat; answer: BorderAnswer } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [open, setOpen] = useState(false);
  const modeRef = useRef(mode);
  useEffect(() => {
    modeRef.current = mode;
  }, [mode]);

  const radii = radiiText
    .split(/[,;\s]+/)
    .map((s) => Number(s.replace(',', '.')))
    .filter((n) => Number.isFinite(n) && n > 0 && n <= 100_000)
    .slice(0, 6)
    .sort((a, b) => a - b);

  const addPoint = useCallback(
    async (p: LonLat) => {
      const m = modeRef.current;
      setError(null);
      if (m === 'line' || m === 'area') setPoints((list) => [...list, p]);
      else if (m === 'rings') setPoints([p]);
      else if (m === 'border') {
        try {
          const answer = await apiFetch<BorderAnswer>(`/api/geo/border-distance?lon=${p[0]}&lat=${p[1]}`);
          setBorder({ from: p, answer });
        } catch (err) {
          setError(errorMessage(err));
        }
      }
    },
    [],
  );

  useEffect(() => {
    activeRef.current = mode !== null;
    if (!map || !mode) return;
    const onClick = (e: maplibregl.MapMouseEvent) => void addPoint([e.lngLat.lng, e.lngLat.lat]);
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') setMode(null);
    };
    map.on('click', onClick);
    map.doubleClickZoom.disable();
    map.getCanvas().style.cursor = 'crosshair';
    window.addEventListener('keydown', onKey);
    return () => {
      map.off('click', onClick);
      map.doubleClickZoom.enable();
      map.getCanvas().style.cursor = '';
      window.removeEventListener('keydown', onKey);
    };
  }, [map, mode, addPoint, activeRef]);

  // What the map draws for the tool.
  useEffect(() => {
    if (mode === 'line' || mode === 'area') onShape(points.length ? { kind: mode, points } : null);
    else if (mode === 'rings') onShape(points[0] ? { kind: 'rings', center: points[0], radii, labels: radii.map((r) => f.distance(r)) } : null);
    else if (mode === 'border') onShape(border ? { kind: 'border', from: border.from, to: border.answer.nearest, label: f.distance(border.answer.distanceM) } : null);
    else onShape(null);
    // radii is derived from radiiText each render
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [mode, points, radiiText, border, f, onShape]);

  const choose = (next: ToolMode) => {
    setOpen(false);
    setPoints([]);
    setBorder(null);
    setError(null);
    setMode((m) => (m === next ? null : next));
  };
  const useCentre = () => {
    const c = map?.getCenter();
    if (c) void addPoint([c.lng, c.lat]);
  };

  let result: string | null = null;
  if (mode === 'line' && points.length >= 2) {
    const last = points.length - 1;
    result = t('lineResult', { length: f.distance(pathLengthM(points)), bearing: f.bearing(bearingDeg(points[last - 1]!, points[last]!)), straight: f.distance(distanceM(points[0]!, points[last]!)) });
  } else if (mode === 'area' && points.length >= 3) {
    result = t('areaResult', { area: f.area(polygonAreaM2(points)), perimeter: f.distance(pathLengthM([...points, points[0]!])) });
  } else if (mode === 'rings' && points[0]) {
    result = t('ringsResult', { radii: radii.map((r) => f.distance(r)).join(' · ') });
  } else if (mode === 'border' && border) {
    result = border.answer.side
      ? t('borderResult', { distance: f.distance(border.answer.distanceM), side: t(`side.${border.answer.side}`) })
      : t('onBorder');
  }

  return (
    <div className="map-tools">
      <button type="button" className="button" aria-expanded={open} onClick={() => setOpen((o) => !o)} data-testid="tools-toggle">
        {t('menu')} {open ? '▴' : '▾'}
      </button>
      <div className="tool-popover">
        {open && (
          <div className="tool-menu">
            <div className="tool-buttons" role="toolbar" aria-label={t('label')}>
              {MODES.map((m) => (
                <button key={m} type="button" className={`button small${mode === m ? ' active' : ''}`} aria-pressed={mode === m} onClick={() => choose(m)} data-testid={`tool-${m}`}>
                  {t(`modes.${m}`)}
                </button>
              ))}
            </div>
            {children}
          </div>
        )}
        {mode && (
          <div className="tool-box" role="status" aria-live="polite" data-testid="tool-result">
            <p className="small">{t(`hints.${mode}`)}</p>
            {mode === 'rings' && (
              <label className="small">
                {t('radii')}
                <input value={radiiText} onChange={(e) => setRadiiText(e.target.value)} inputMode="decimal" data-testid="ring-radii" />
              </label>
            )}
            {result && <p className="tool-result">{result}</p>}
            {error && (
              <p className="form-error" role="alert">
                {error}
              </p>
            )}
            <div className="tool-actions">
              <button type="button" className="button small" onClick={useCentre}>
                {t('useCentre')}
              </button>
              {mode === 'rings' && anchor && (
                <button type="button" className="button small" onClick={() => setPoints([anchor])}>
                  {t('aroundSelection')}
                </button>
              )}
              {(mode === 'line' || mode === 'area') && points.length > 0 && (
                <button type="button" className="button small" onClick={() => setPoints((p) => p.slice(0, -1))}>
                  {t('undo')}
                </button>
              )}
              <button type="button" className="button small" onClick={() => choose(mode)}>
                {t('done')}
              </button>
            </div>
          </div>
        )}
      </div>
    </div>
  );
}

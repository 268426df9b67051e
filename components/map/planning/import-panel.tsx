'use client';

import type maplibregl from 'maplibre-gl';
import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { useFormats } from '@/components/app/use-formats';
import { boundsOf, showPreview } from '@/components/map/planning/preview-layer';
import { readApiError } from '@/lib/api/client';
import { MAX_IMPORT_FILE_BYTES, readPlanFile, type ImportFeature } from '@/lib/planning/read-file';
import type { PlanLayer } from '@/lib/planning/layers';
import { Options } from '@/components/app/options';

interface ImportResult {
  total: number;
  valid: number;
  errors: { index: number; problems: { code: string; field?: string; detail?: string }[] }[];
  created: string[];
}

type Stage = { step: 'idle' } | { step: 'reading' | 'uploading' | 'checking' | 'storing'; progress: number | null } | { step: 'checked'; result: ImportResult } | { step: 'done'; count: number };

/** Errors listed in the panel; the rest are counted. */
const SHOWN_ERRORS = 50;

/**
 * Importing a GeoJSON or KML file into zones, routes or posts: the file is read here, shown on
 * the map, checked by the server feature by feature (nothing stored), and imported only when
 * every feature passes. Progress is shown while reading, sending and checking.
 */
export function ImportPanel({ map, layers, onClose }: { map: maplibregl.Map | null; layers: PlanLayer[]; onClose: () => void }) {
  const t = useTranslations('planning');
  const f = useFormats();
  const [layer, setLayer] = useState<PlanLayer>(layers[0]!);
  const [features, setFeatures] = useState<ImportFeature[] | null>(null);
  const [fileName, setFileName] = useState('');
  const [stage, setStage] = useState<Stage>({ step: 'idle' });
  const [error, setError] = useState<string | null>(null);

  const pick = (file: File | undefined) => {
    setError(null);
    setFeatures(null);
    setStage({ step: 'idle' });
    if (map) showPreview(map, []);
    if (!file) return;
    setFileName(file.name);
    if (file.size > MAX_IMPORT_FILE_BYTES) {
      setError(t('import.problems.too_large', { size: f.number(MAX_IMPORT_FILE_BYTES / 1024 / 1024, 0) }));
      return;
    }
    const reader = new FileReader();
    reader.onprogress = (e) => setStage({ step: 'reading', progress: e.lengthComputable ? e.loaded / e.total : null });
    reader.onerror = () => setError(t('import.problems.unreadable'));
    reader.onload = () => {
      const read = readPlanFile(String(reader.result ?? ''), file.name, (text) => new DOMParser().parseFromString(text, 'application/xml'));
      if (!read.ok) {
        setStage({ step: 'idle' });
        setError(t(`import.problems.${read.reason}` as 'import.problems.invalid_json', { size: f.number(MAX_IMPORT_FILE_BYTES / 1024 / 1024, 0) }) + (read.detail ? ` (${read.detail})` : ''));
        return;
      }
      setFeatures(read.features);
      if (map) {
        const shapes = read.features.filter((x) => isGeometry(x.geometry)).slice(0, 5000);
        showPreview(map, shapes.map((x) => ({ role: 'import', geometry: x.geometry as { type: string; coordinates: unknown } })));
        const box = boundsOf(shapes.map((x) => x.geometry as { coordinates: unknown }));
        if (box && box.every(Number.isFinite) && box[0] >= -180 && box[2] <= 180 && box[1] >= -90 && box[3] <= 90) map.fitBounds(box, { padding: 60, maxZoom: 15, duration: 500 });
      }
      void send(read.features, true);
    };
    reader.readAsText(file);
  };

  /** Sends the features with upload progress (fetch has none), then waits for the server's verdict. */
  const send = (list: ImportFeature[], dryRun: boolean) =>
    new Promise<void>((resolve) => {
      setError(null);
      const xhr = new XMLHttpRequest();
      xhr.open('POST', `/api/plans/${layer}/import`);
      xhr.setRequestHeader('Content-Type', 'application/json');
      xhr.responseType = 'text';
      xhr.upload.onprogress = (e) => setStage({ step: 'uploading', progress: e.lengthComputable ? e.loaded / e.total : null });
      xhr.upload.onload = () => setStage({ step: dryRun ? 'checking' : 'storing', progress: null });
      xhr.onerror = () => {
        setError(t('import.problems.network'));
        setStage({ step: 'idle' });
        resolve();
      };
      xhr.onload = async () => {
        const res = new Response(xhr.responseText, { status: xhr.status, headers: { 'Content-Type': 'application/json' } });
        if (xhr.status === 200 || xhr.status === 422) {
          const result = (await res.json().catch(() => null)) as ImportResult | null;
          if (result && Array.isArray(result.errors)) {
            if (!dryRun && result.created.length > 0) setStage({ step: 'done', count: result.created.length });
            else setStage({ step: 'checked', result });
            if (map && result.errors.length) {
              const bad = new Set(result.errors.map((e) => e.index));
              showPreview(map, list.flatMap((x, i) => (isGeometry(x.geometry) ? [{ role: bad.has(i) ? 'import-error' : 'import', geometry: x.geometry as { type: string; coordinates: unknown } } as const] : [])).slice(0, 5000));
            }
            resolve();
            return;
          }
        }
        setError((await readApiError(res)).explanation);
        setStage({ step: 'idle' });
        resolve();
      };
      xhr.send(JSON.stringify({ features: list, dryRun }));
    });

  const close = () => {
    if (map) showPreview(map, []);
    onClose();
  };

  const busy = stage.step === 'reading' || stage.step === 'uploading' || stage.step === 'checking' || stage.step === 'storing';
  const result = stage.step === 'checked' ? stage.result : null;

  return (
    <section className="planning-panel import-panel" aria-label={t('import.title')} data-testid="import-panel">
      <h3>{t('import.title')}</h3>
      <label>
        {t('import.into')}
        <select
          value={layer}
          onChange={(e) => {
            setLayer(e.target.value as PlanLayer);
            setStage({ step: 'idle' });
          }}
          disabled={busy}
          data-testid="import-layer"
        >
          <Options values={layers} label={(l) => t(`layers.${l}`)} />
        </select>
      </label>
      <label>
        {t('import.file')}
        <input type="file" accept=".geojson,.json,.kml,application/geo+json,application/vnd.google-earth.kml+xml" onChange={(e) => pick(e.target.files?.[0])} disabled={busy} data-testid="import-file" />
      </label>
      <p className="hint">{t('import.hint')}</p>
      {busy && (
        <div role="status" aria-live="polite" data-testid="import-progress">
          <span>{t(`import.stage.${stage.step}`)}</span>
          <progress max={1} value={'progress' in stage && stage.progress !== null ? stage.progress : undefined} aria-label={t(`import.stage.${stage.step}`)} />
        </div>
      )}
      {error && (
        <p className="notice error" role="alert" data-testid="import-error">
          {error}
        </p>
      )}
      {result && features && (
        <div role="status" data-testid="import-result">
          <p>{t('import.checked', { file: fileName, total: result.total, valid: result.valid })}</p>
          {result.errors.length > 0 && (
            <>
              <p className="notice error">{t('import.refused', { count: result.errors.length })}</p>
              <ul className="import-errors" data-testid="import-errors">
                {result.errors.slice(0, SHOWN_ERRORS).map((e) => (
                  <li key={e.index}>
                    {t('import.featureN', { n: e.index + 1 })}: {e.problems.map((p) => (t.has(`problems.${p.code}`) ? t(`problems.${p.code}` as 'problems.empty') : p.field ? `${p.field}: ${p.detail ?? p.code}` : p.code)).join('; ')}
                  </li>
                ))}
                {result.errors.length > SHOWN_ERRORS && <li>{t('import.more', { count: result.errors.length - SHOWN_ERRORS })}</li>}
              </ul>
            </>
          )}
        </div>
      )}
      {stage.step === 'done' && (
        <p className="notice ok" role="status" data-testid="import-done">
          {t('import.done', { count: stage.count, layer: t(`layers.${layer}`) })}
        </p>
      )}
      <div className="button-row">
        {/* Once imported there is nothing left to import; before a file is checked, no count to promise. */}
        {stage.step !== 'done' && (
          <button type="button" className="button" disabled={!result || result.errors.length > 0 || busy || !features} onClick={() => features && void send(features, false)} data-testid="import-confirm">
            {result && result.errors.length === 0 ? t('import.confirm', { count: result.valid }) : t('import.confirmPending')}
          </button>
        )}
        <button type="button" className="button secondary" onClick={close} disabled={busy}>
          {t('import.close')}
        </button>
      </div>
    </section>
  );
}

function isGeometry(g: unknown): boolean {
  return typeof g === 'object' && g !== null && 'type' in g && 'coordinates' in g;
}

'use client';

import type maplibregl from 'maplibre-gl';
import { useLocale, useTranslations } from 'next-intl';
import { useCallback, useEffect, useRef, useState, type MutableRefObject } from 'react';
import { ImportPanel } from '@/components/map/planning/import-panel';
import { boundsOf, showPreview, type PreviewFeature } from '@/components/map/planning/preview-layer';
import { LAYER_MODE, useTerraDraw } from '@/components/map/planning/use-terra-draw';
import { DrawToolbar, describeProblem, PlanAttributeFields, PlanHistoryList, ProblemNotice, type Attributes, type Editing, type Feature, type Geometry, type PlanTarget, type Problem, type Version } from '@/components/map/planning/plan-parts';
import { ApiError, apiFetch, errorMessage } from '@/lib/api/client';
import { checkPlanGeometry } from '@/lib/planning/geometry-check';
import { DEFAULT_KIND, type PlanLayer } from '@/lib/planning/layers';

export type { PlanTarget };

const blank = (layer: PlanLayer, agencyId: string): Attributes => ({ name: '', nameEn: '', kind: DEFAULT_KIND[layer], severity: 'medium', notes: '', agencyId });

/**
 * The planner's drawing panel: draw or edit a zone, patrol route or post with terra-draw, fill
 * in its attributes, save it as a new version (the server's verdict on the shape is shown, and
 * a repair only stored when accepted), browse and restore its history, import files.
 */
export function PlanningPanel({
  map,
  layers,
  agencies,
  defaultAgencyId,
  target,
  onTargetDone,
  activeRef,
}: {
  map: maplibregl.Map | null;
  /** The layers this person may edit. */
  layers: PlanLayer[];
  agencies: { id: string; name: string }[];
  defaultAgencyId: string;
  /** An object chosen on the map for editing. */
  target: PlanTarget | null;
  onTargetDone: () => void;
  /** Set while drawing, so the map's own click selection stands aside. */
  activeRef: MutableRefObject<boolean>;
}) {
  const t = useTranslations('planning');
  const locale = useLocale();
  /** An object's name in the reader's language. */
  const nameOf = (a: { name: string; nameEn?: string | null }) => (locale === 'en' && a.nameEn ? a.nameEn : a.name);
  const [layer, setLayer] = useState<PlanLayer>(layers[0]!);
  const [editing, setEditing] = useState<Editing | null>(null);
  const [attributes, setAttributes] = useState<Attributes>(blank(layers[0]!, defaultAgencyId));
  const [snapping, setSnapping] = useState(true);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState<string | null>(null);
  const [history, setHistory] = useState<Version[] | null>(null);
  const [importing, setImporting] = useState(false);
  const draw = useTerraDraw(map, editing !== null, snapping);
  const pendingLoad = useRef<Geometry | null>(null);
  /** The stored shape could not be put into the editor: only the attributes can be changed. */
  const [shapeLocked, setShapeLocked] = useState(false);

  useEffect(() => {
    activeRef.current = editing !== null;
    return () => {
      activeRef.current = false;
    };
  }, [editing, activeRef]);

  // Once terra-draw has started for an existing object, put its shape in the editor.
  useEffect(() => {
    if (!editing || !pendingLoad.current) return;
    const geometry = pendingLoad.current;
    const timer = setTimeout(() => {
      pendingLoad.current = null;
      // terra-draw refuses some stored shapes (e.g. rings it considers invalid); then the
      // shape is left as it is rather than saved as the part the editor accepted.
      if (!draw.load(geometry)) setShapeLocked(true);
    }, 0);
    return () => clearTimeout(timer);
  }, [editing, draw]);

  const clearPreview = useCallback(() => {
    if (map) showPreview(map, []);
  }, [map]);

  const stop = useCallback(() => {
    draw.clear();
    setEditing(null);
    setShapeLocked(false);
    setProblem(null);
    setHistory(null);
    pendingLoad.current = null;
    clearPreview();
  }, [draw, clearPreview]);

  const open = useCallback(
    async (which: PlanTarget) => {
      try {
        const feature = await apiFetch<Feature>(`/api/plans/${which.layer}/${which.id}`);
        setProblem(null);
        setSaved(null);
        setHistory(null);
        setLayer(which.layer);
        setAttributes({
          name: feature.attributes.name,
          nameEn: feature.attributes.nameEn ?? '',
          kind: feature.attributes.kind,
          severity: feature.attributes.severity,
          notes: feature.attributes.notes ?? '',
          agencyId: feature.attributes.agencyId ?? defaultAgencyId,
        });
        pendingLoad.current = feature.geometry;
        setEditing({ layer: which.layer, feature });
      } catch (err) {
        setProblem({ kind: 'error', message: errorMessage(err) });
      }
    },
    [defaultAgencyId],
  );

  useEffect(() => {
    if (!target) return;
    // open() sets state only after its request answers, not synchronously in this effect.
    // eslint-disable-next-line react-hooks/set-state-in-effect
    void open(target);
    onTargetDone();
  }, [target, open, onTargetDone]);

  const startNew = () => {
    setProblem(null);
    setSaved(null);
    setHistory(null);
    setAttributes(blank(layer, defaultAgencyId));
    pendingLoad.current = null;
    setEditing({ layer });
  };

  // A new drawing starts in the layer's drawing mode as soon as terra-draw is ready.
  useEffect(() => {
    if (editing && !editing.feature && draw.state.mode === 'static' && draw.state.count === 0) draw.setMode(LAYER_MODE[editing.layer]);
  }, [editing, draw]);

  const save = async (acceptRepair = false) => {
    if (!editing) return;
    const geometry = shapeLocked ? null : draw.read(editing.layer);
    if (!geometry && !shapeLocked) {
      setProblem({ kind: 'invalid', codes: ['empty'], repaired: null });
      return;
    }
    // The same structural checks as the server, at once; PostGIS has the last word on save.
    const local = geometry ? checkPlanGeometry(editing.layer, geometry) : ({ ok: true } as const);
    if (!local.ok && !local.problems.every((p) => p.code === 'self_intersection' || p.code === 'hole_outside_shell')) {
      setProblem({ kind: 'invalid', codes: local.problems.map((p) => p.code), repaired: null });
      return;
    }
    const body = {
      attributes: { ...attributes, nameEn: attributes.nameEn || null, notes: attributes.notes || null },
      ...(geometry ? { geometry } : {}),
      ...(acceptRepair ? { acceptRepair: true } : {}),
    };
    setBusy(true);
    setProblem(null);
    try {
      const result = editing.feature
        ? await apiFetch<Feature>(`/api/plans/${editing.layer}/${editing.feature.id}`, { method: 'PATCH', body: { ...body, baseVersion: editing.feature.version } })
        : await apiFetch<Feature>(`/api/plans/${editing.layer}`, { method: 'POST', body });
      setSaved(t('saved', { name: nameOf(result.attributes), version: result.version }));
      stop();
    } catch (err) {
      setProblem(describeProblem(err));
      if (err instanceof ApiError && err.status === 422 && map) {
        const repaired = err.details.repaired as Geometry | null | undefined;
        if (repaired) showPreview(map, [{ role: 'repaired', geometry: repaired }]);
      }
    } finally {
      setBusy(false);
    }
  };

  const retire = async () => {
    if (!editing?.feature || !window.confirm(t('retireConfirm', { name: nameOf(editing.feature.attributes) }))) return;
    setBusy(true);
    try {
      await apiFetch(`/api/plans/${editing.layer}/${editing.feature.id}?baseVersion=${editing.feature.version}`, { method: 'DELETE' });
      setSaved(t('retired', { name: nameOf(editing.feature.attributes) }));
      stop();
    } catch (err) {
      setProblem(describeProblem(err));
    } finally {
      setBusy(false);
    }
  };

  const loadHistory = async () => {
    if (!editing?.feature) return;
    try {
      const result = await apiFetch<{ versions: Version[] }>(`/api/plans/${editing.layer}/${editing.feature.id}/versions`);
      setHistory(result.versions);
    } catch (err) {
      setProblem(describeProblem(err));
    }
  };

  const showVersion = (v: Version) => {
    if (!map || !editing?.feature) return;
    const preview: PreviewFeature[] = [
      { role: 'previous', geometry: v.geometry },
      { role: 'current', geometry: editing.feature.geometry },
    ];
    showPreview(map, preview);
    const box = boundsOf(preview.map((p) => p.geometry));
    if (box) map.fitBounds(box, { padding: 80, maxZoom: 16, duration: 500 });
  };

  const restore = async (v: Version) => {
    if (!editing?.feature) return;
    setBusy(true);
    try {
      const result = await apiFetch<Feature>(`/api/plans/${editing.layer}/${editing.feature.id}/restore`, { method: 'POST', body: { version: v.version, baseVersion: editing.feature.version } });
      setSaved(t('restored', { name: nameOf(result.attributes), from: v.version, version: result.version }));
      stop();
    } catch (err) {
      setProblem(describeProblem(err));
    } finally {
      setBusy(false);
    }
  };

  const layerName = (l: PlanLayer) => t(`layers.${l}`);

  if (importing) {
    return <ImportPanel map={map} layers={layers} onClose={() => setImporting(false)} />;
  }

  return (
    <section className="planning-panel" aria-label={t('title')} data-testid="planning-panel">
      {saved && (
        <p className="notice ok" role="status" data-testid="plan-saved">
          {saved}
        </p>
      )}
      {!editing ? (
        <>
          <fieldset className="plan-layer-choice">
            <legend>{t('layer')}</legend>
            {layers.map((l) => (
              <label key={l}>
                <input type="radio" name="plan-layer" value={l} checked={layer === l} onChange={() => setLayer(l)} data-testid={`plan-layer-${l}`} />
                {layerName(l)}
              </label>
            ))}
          </fieldset>
          <div className="button-row">
            <button type="button" className="button" onClick={startNew} disabled={!map} data-testid="plan-draw">
              {t(`draw.${layer}`)}
            </button>
            <button type="button" className="button secondary" onClick={() => setImporting(true)} data-testid="plan-import">
              {t('import.open')}
            </button>
          </div>
          <p className="hint">{t('editHint')}</p>
          {problem?.kind === 'error' && (
            <p className="notice error" role="alert">
              {problem.message}
            </p>
          )}
        </>
      ) : (
        <form
          className="plan-form"
          onSubmit={(e) => {
            e.preventDefault();
            void save();
          }}
          data-testid="plan-form"
        >
          <h3>{editing.feature ? t('editing', { name: nameOf(editing.feature.attributes), version: editing.feature.version }) : t(`new.${editing.layer}`)}</h3>
          <DrawToolbar layer={editing.layer} draw={draw} snapping={snapping} onSnapping={setSnapping} />
          <p className="hint">{t(`howTo.${editing.layer}`)}</p>
          {shapeLocked && (
            <p className="notice error" role="status" data-testid="plan-shape-locked">
              {t('shapeLocked')}
            </p>
          )}
          <PlanAttributeFields layer={editing.layer} attributes={attributes} agencies={agencies} onChange={setAttributes} />
          {problem && <ProblemNotice problem={problem} onAcceptRepair={() => void save(true)} busy={busy} />}
          <div className="button-row">
            <button type="submit" className="button" disabled={busy || (draw.state.count === 0 && !shapeLocked) || !attributes.name.trim()} data-testid="plan-save">
              {t('save')}
            </button>
            <button type="button" className="button secondary" onClick={stop} disabled={busy} data-testid="plan-cancel">
              {t('cancel')}
            </button>
            {editing.feature && (
              <>
                <button type="button" className="button secondary" onClick={() => void loadHistory()} data-testid="plan-history">
                  {t('history')}
                </button>
                <button type="button" className="button danger" onClick={() => void retire()} disabled={busy} data-testid="plan-retire">
                  {t('retire')}
                </button>
              </>
            )}
          </div>
          {history && <PlanHistoryList history={history} currentVersion={editing.feature?.version} busy={busy} onShow={showVersion} onRestore={(v) => void restore(v)} />}
        </form>
      )}
    </section>
  );
}

'use client';

import { useTranslations } from 'next-intl';
import { useFormats } from '@/components/app/use-formats';
import { LAYER_MODE, type useTerraDraw } from '@/components/map/planning/use-terra-draw';
import { ApiError, errorMessage } from '@/lib/api/client';
import { PLAN_KINDS, PLAN_SEVERITIES, type PlanLayer } from '@/lib/planning/layers';
import { ItemOptions, Options } from '@/components/app/options';

// The drawing panel's parts: its types, the drawing tools, the attribute fields, the version
// history and the server's verdict on a save. The panel (planning-panel.tsx) holds the state.

export type Geometry = { type: string; coordinates: unknown };

export interface Attributes {
  name: string;
  nameEn: string;
  kind: string;
  severity: string;
  notes: string;
  agencyId: string;
}

export interface Feature {
  id: string;
  version: number;
  attributes: { name: string; nameEn?: string | null; kind: string; severity: string; notes?: string | null; agencyId?: string | null };
  geometry: Geometry;
  retiredAt: string | null;
}

export interface Version {
  version: number;
  action: string;
  changedAt: string;
  changedByName: string | null;
  changedFields: string[];
  geometry: Geometry;
}

export interface PlanTarget {
  layer: PlanLayer;
  id: string;
}

export interface Editing {
  layer: PlanLayer;
  /** undefined while drawing something new. */
  feature?: Feature;
}

export type Problem = { kind: 'invalid'; codes: string[]; repaired: Geometry | null } | { kind: 'conflict'; by: string | null; at: string | null } | { kind: 'error'; message: string };

/** What a failed request means for the planner: someone else saved first, the shape is refused, or another error. */
export function describeProblem(err: unknown): Problem {
  if (err instanceof ApiError && err.status === 409) return { kind: 'conflict', by: (err.details.updatedBy as string | null) ?? null, at: (err.details.updatedAt as string | null) ?? null };
  if (err instanceof ApiError && err.status === 422 && err.issues.some((i) => i.path === 'geometry')) {
    return { kind: 'invalid', codes: err.issues.filter((i) => i.path === 'geometry').map((i) => i.message), repaired: (err.details.repaired as Geometry | null) ?? null };
  }
  return { kind: 'error', message: errorMessage(err) };

}

/** Drawing tools: draw (or add a part), edit vertices, undo and redo, snapping. */
export function DrawToolbar({ layer, draw, snapping, onSnapping }: { layer: PlanLayer; draw: ReturnType<typeof useTerraDraw>; snapping: boolean; onSnapping: (on: boolean) => void }) {
  const t = useTranslations('planning');
  return (
    <div className="tool-buttons" role="toolbar" aria-label={t('tools')}>
      <button type="button" className={`button small${draw.state.mode === LAYER_MODE[layer] ? ' active' : ''}`} aria-pressed={draw.state.mode === LAYER_MODE[layer]} onClick={() => draw.setMode(LAYER_MODE[layer])} data-testid="plan-mode-draw">
        {layer === 'zones' && draw.state.count > 0 ? t('addPart') : t('drawShape')}
      </button>
      <button type="button" className={`button small${draw.state.mode === 'select' ? ' active' : ''}`} aria-pressed={draw.state.mode === 'select'} onClick={() => draw.setMode('select')} data-testid="plan-mode-select">
        {t('editVertices')}
      </button>
      <button type="button" className="button small" onClick={draw.undo} disabled={!draw.state.canUndo} data-testid="plan-undo" aria-keyshortcuts="Control+Z">
        {t('undo')}
      </button>
      <button type="button" className="button small" onClick={draw.redo} disabled={!draw.state.canRedo} data-testid="plan-redo" aria-keyshortcuts="Control+Shift+Z">
        {t('redo')}
      </button>
      <label className="inline-check">
        <input type="checkbox" checked={snapping} onChange={(e) => onSnapping(e.target.checked)} data-testid="plan-snap" />
        {t('snap')}
      </label>
    </div>
  );
}

/** The attribute form: the same fields for every layer, the kinds from the layer's list. */
export function PlanAttributeFields({ layer, attributes, agencies, onChange }: { layer: PlanLayer; attributes: Attributes; agencies: { id: string; name: string }[]; onChange: (attributes: Attributes) => void }) {
  const t = useTranslations('planning');
  const set = (key: keyof Attributes) => (e: { target: { value: string } }) => onChange({ ...attributes, [key]: e.target.value });
  return (
    <>
      <label>
        {t('fields.name')}
        <input value={attributes.name} onChange={set('name')} required maxLength={120} data-testid="plan-name" />
      </label>
      <label>
        {t('fields.nameEn')}
        <input value={attributes.nameEn} onChange={set('nameEn')} maxLength={120} lang="en" />
      </label>
      <label>
        {t('fields.kind')}
        <select value={attributes.kind} onChange={set('kind')} data-testid="plan-kind">
          <Options values={PLAN_KINDS[layer]} label={(k) => t(`kinds.${layer}.${k}` as 'kinds.zones.hotspot')} />
        </select>
      </label>
      <label>
        {t('severity')}
        <select value={attributes.severity} onChange={set('severity')} data-testid="plan-severity">
          <Options values={PLAN_SEVERITIES} label={(s) => t(`severities.${s}`)} />
        </select>
      </label>
      <label>
        {t('fields.agency')}
        <select value={attributes.agencyId} onChange={set('agencyId')}>
          <ItemOptions items={agencies} />
        </select>
      </label>
      <label>
        {t('fields.notes')}
        <textarea value={attributes.notes} onChange={set('notes')} maxLength={2000} rows={3} />
      </label>
    </>
  );
}

/** An object's saved versions: who changed what and when, its difference on the map, restoring one. */
export function PlanHistoryList({ history, currentVersion, busy, onShow, onRestore }: { history: Version[]; currentVersion: number | undefined; busy: boolean; onShow: (v: Version) => void; onRestore: (v: Version) => void }) {
  const t = useTranslations('planning');
  const f = useFormats();
  return (
    <ol className="plan-history" aria-label={t('history')} data-testid="plan-history-list">
      {history.map((v) => (
        <li key={v.version}>
          <div>
            <strong>{t('versionN', { version: v.version })}</strong> · {t(`actions.${v.action}` as 'actions.create')} · {v.changedByName ?? t('seeded')} · {f.dateTime(v.changedAt)}
          </div>
          {v.changedFields.length > 0 && v.action !== 'create' && v.action !== 'import' && (
            <div className="changed">{t('changed', { fields: v.changedFields.map((c) => t(`changes.${c}` as 'changes.name')).join(', ') })}</div>
          )}
          <div className="button-row">
            <button type="button" className="button small" onClick={() => onShow(v)} data-testid={`plan-show-${v.version}`}>
              {t('showDifference')}
            </button>
            {v.version !== currentVersion && (
              <button type="button" className="button small secondary" onClick={() => onRestore(v)} disabled={busy} data-testid={`plan-restore-${v.version}`}>
                {t('restore')}
              </button>
            )}
          </div>
        </li>
      ))}
    </ol>
  );
}

/** The server's verdict on a save: a conflict, a refused shape (with a repair to accept), or an error. */
export function ProblemNotice({ problem, onAcceptRepair, busy }: { problem: Problem; onAcceptRepair: () => void; busy: boolean }) {
  const t = useTranslations('planning');
  const f = useFormats();
  if (problem.kind === 'conflict') {
    return (
      <p className="notice error" role="alert" data-testid="plan-conflict">
        {t('conflict', { by: problem.by ?? t('someoneElse'), at: problem.at ? f.dateTime(problem.at) : '—' })}
      </p>
    );
  }
  if (problem.kind === 'error') {
    return (
      <p className="notice error" role="alert">
        {problem.message}
      </p>
    );
  }
  return (
    <div className="notice error" role="alert" data-testid="plan-invalid">
      <p>{t('invalid')}</p>
      <ul>
        {[...new Set(problem.codes)].map((code) => (
          <li key={code}>{t.has(`problems.${code}`) ? t(`problems.${code}` as 'problems.empty') : code}</li>
        ))}
      </ul>
      {problem.repaired && (
        <>
          <p>{t('repairOffered')}</p>
          <button type="button" className="button small" onClick={onAcceptRepair} disabled={busy} data-testid="plan-accept-repair">
            {t('acceptRepair')}
          </button>
        </>
      )}
    </div>
  );
}

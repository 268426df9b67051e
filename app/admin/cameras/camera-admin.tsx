'use client';

import dynamic from 'next/dynamic';
import { useRouter } from 'next/navigation';
import { useLocale, useTranslations } from 'next-intl';
import { useState } from 'react';
import type { AdminCameraRow } from '@/db/queries/cameras';
import { ApiError, apiFetch, errorMessage } from '@/lib/api/client';
import { formatCoordinate } from '@/lib/geo/coordinates';
import { TableHead } from '@/components/app/table-head';
import { ItemOptions, Options } from '@/components/app/options';

const PositionPicker = dynamic(() => import('@/components/map/position-picker'), { ssr: false });

/** A camera as the admin page lists it (stream URL and credentials never leave the server). */
export type AdminCamera = AdminCameraRow;

type Draft = Omit<AdminCamera, 'id' | 'code' | 'status' | 'retiredAt' | 'isDemo' | 'hasStream' | 'hasCredentials'> & {
  streamUrl: string;
  streamUsername: string;
  streamPassword: string;
};

const EMPTY: Draft = { name: '', nameEn: '', kind: 'fixed', infrared: false, bearingDeg: 0, fovDeg: 70, rangeM: 300, zoneId: null, facilityId: null, lon: 107.96, lat: 21.53, streamUrl: '', streamUsername: '', streamPassword: '', record: null, recordRetentionHours: null };

export function CameraAdmin({ cameras, zones, facilities }: { cameras: AdminCamera[]; zones: { id: string; name: string }[]; facilities: { id: string; name: string }[] }) {
  const t = useTranslations('admin');
  const locale = useLocale();
  const tr = useTranslations();
  const router = useRouter();
  const [editing, setEditing] = useState<AdminCamera | null>(null);
  const [draft, setDraft] = useState<Draft | null>(null);
  const [error, setError] = useState<string | null>(null);

  const open = (camera: AdminCamera | null) => {
    setEditing(camera);
    setError(null);
    setDraft(camera ? { ...EMPTY, ...camera, nameEn: camera.nameEn ?? '', streamUrl: '', streamUsername: '', streamPassword: '' } : EMPTY);
  };
  const submit = async () => {
    if (!draft) return;
    const { streamUrl, streamUsername, streamPassword } = draft;
    // Only the fields a camera is written with (the row also carries its id, status and flags),
    // and the write-only secrets only when typed, so an edit never blanks them by accident.
    const { name, nameEn, kind, infrared, bearingDeg, fovDeg, rangeM, zoneId, facilityId, lon, lat, record, recordRetentionHours } = draft;
    const body = {
      ...{ name, nameEn: nameEn || null, kind, infrared, bearingDeg, fovDeg, rangeM, zoneId, facilityId, lon, lat, record, recordRetentionHours },
      ...(streamUrl ? { streamUrl } : {}),
      ...(streamUsername ? { streamUsername } : {}),
      ...(streamPassword ? { streamPassword } : {}),
    };
    try {
      await apiFetch(editing ? `/api/cameras/${editing.id}` : '/api/cameras', { method: editing ? 'PATCH' : 'POST', body });
    } catch (err) {
      // The server names a refused camera address by a code; say it in the reader's language.
      const host = err instanceof ApiError ? err.issues.find((i) => i.path === 'body.streamUrl' && (i.message === 'host_not_allowed' || i.message === 'host_unresolvable')) : undefined;
      setError(host ? t(`streamHost.${host.message as 'host_not_allowed' | 'host_unresolvable'}`) : errorMessage(err));
      return;
    }
    setDraft(null);
    router.refresh();
  };
  const retire = async (camera: AdminCamera) => {
    if (!window.confirm(t('confirmRetire', { name: camera.name }))) return;
    await apiFetch(`/api/cameras/${camera.id}/retire`, { method: 'POST' }).catch((err: unknown) => setError(errorMessage(err)));
    router.refresh();
  };
  const num = (key: 'bearingDeg' | 'fovDeg' | 'rangeM') => (
    <input type="number" value={draft?.[key] ?? 0} onChange={(e) => setDraft((d) => d && { ...d, [key]: Number(e.target.value) })} />
  );

  return (
    <div className="page">
      <h1>{tr('nav.adminCameras')}</h1>
      <div className="toolbar">
        <button type="button" className="button primary" onClick={() => open(null)} data-testid="add-camera">
          {t('add')}
        </button>
      </div>
      {draft && (
        <form className="form-grid" onSubmit={(e) => (e.preventDefault(), void submit())} data-testid="camera-form">
          <label>
            {t('name')}
            <input required value={draft.name} onChange={(e) => setDraft({ ...draft, name: e.target.value })} name="name" />
          </label>
          <label>
            {t('nameEn')}
            <input value={draft.nameEn ?? ''} onChange={(e) => setDraft({ ...draft, nameEn: e.target.value })} />
          </label>
          <label>
            {tr('fields.kind')}
            <select value={draft.kind} onChange={(e) => setDraft({ ...draft, kind: e.target.value as Draft['kind'] })}>
              <Options values={['fixed', 'ptz', 'ai'] as const} label={(k) => tr(`cameraKind.${k}`)} />
            </select>
          </label>
          <label>
            {tr('fields.infrared')}
            <input type="checkbox" checked={draft.infrared} onChange={(e) => setDraft({ ...draft, infrared: e.target.checked })} />
          </label>
          <label>
            {tr('fields.bearing')} (°){num('bearingDeg')}
          </label>
          <label>
            {tr('fields.fov')} (°){num('fovDeg')}
          </label>
          <label>
            {tr('fields.range')} (m){num('rangeM')}
          </label>
          <label>
            {tr('fields.zone')}
            <select value={draft.zoneId ?? ''} onChange={(e) => setDraft({ ...draft, zoneId: e.target.value || null })}>
              <option value="">—</option>
              <ItemOptions items={zones} />
            </select>
          </label>
          <label>
            {tr('fields.facility')}
            <select value={draft.facilityId ?? ''} onChange={(e) => setDraft({ ...draft, facilityId: e.target.value || null })}>
              <option value="">—</option>
              <ItemOptions items={facilities} />
            </select>
          </label>
          <label className="wide">
            {t('streamUrl')} {editing?.hasStream ? `(${t('setKeep')})` : ''}
            <input value={draft.streamUrl} placeholder="https://restreamer.local/cam1/index.m3u8" autoComplete="off" onChange={(e) => setDraft({ ...draft, streamUrl: e.target.value })} name="streamUrl" />
          </label>
          <label>
            {t('streamUsername')} {editing?.hasCredentials ? `(${t('setKeep')})` : ''}
            <input value={draft.streamUsername} autoComplete="off" onChange={(e) => setDraft({ ...draft, streamUsername: e.target.value })} />
          </label>
          <label>
            {t('streamPassword')}
            <input type="password" value={draft.streamPassword} autoComplete="new-password" onChange={(e) => setDraft({ ...draft, streamPassword: e.target.value })} />
          </label>
          <label>
            {t('record')}
            <select value={draft.record === null ? 'default' : draft.record ? 'on' : 'off'} onChange={(e) => setDraft({ ...draft, record: e.target.value === 'default' ? null : e.target.value === 'on' })} data-testid="camera-record">
              <Options values={['default', 'on', 'off'] as const} label={(v) => t(`recordChoice.${v}`)} />
            </select>
          </label>
          <label>
            {t('recordRetentionHours')}
            <input
              type="number"
              min={1}
              max={8784}
              value={draft.recordRetentionHours ?? ''}
              placeholder={t('recordRetentionDefault')}
              onChange={(e) => setDraft({ ...draft, recordRetentionHours: e.target.value === '' ? null : Math.round(Number(e.target.value)) })}
            />
          </label>
          <div className="wide">
            <small>
              {t('position')}: {formatCoordinate(draft.lon, draft.lat, 'dd', locale === 'vi' ? ',' : '.')}
            </small>
            <PositionPicker value={[draft.lon, draft.lat]} onChange={([lon, lat]) => setDraft((d) => d && { ...d, lon, lat })} />
          </div>
          {error && (
            <p className="form-error wide" role="alert">
              {error}
            </p>
          )}
          <div className="wide toolbar">
            <button type="submit" className="button primary" data-testid="save-camera">
              {t('save')}
            </button>
            <button type="button" className="button" onClick={() => setDraft(null)}>
              {t('cancel')}
            </button>
          </div>
        </form>
      )}
      <table className="data">
        <TableHead columns={[t('name'), tr('fields.kind'), tr('fields.status'), t('streamUrl'), { label: t('actions'), hidden: true }]} />
        <tbody>
          {cameras.map((c) => (
            <tr key={c.id} style={c.retiredAt ? { opacity: 0.5 } : undefined} data-camera-id={c.id}>
              <td>
                {c.name} {c.isDemo && <small>· {tr('map.demo')}</small>}
              </td>
              <td>{tr(`cameraKind.${c.kind}`)}</td>
              <td>{c.retiredAt ? t('retired') : tr(`cameraStatus.${c.status}` as 'cameraStatus.live')}</td>
              <td>{c.hasStream ? t('configured') : '—'}</td>
              <td>
                {!c.retiredAt && (
                  <>
                    <button type="button" className="button small" onClick={() => open(c)} data-testid="edit-camera">
                      {t('edit')}
                    </button>{' '}
                    <button type="button" className="button small" onClick={() => void retire(c)}>
                      {t('retire')}
                    </button>
                  </>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

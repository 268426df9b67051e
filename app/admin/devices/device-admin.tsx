'use client';

import { useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { apiFetch, errorMessage } from '@/lib/api/client';
import { useFormats } from '@/components/app/use-formats';
import type { AdminDeviceRow } from '@/db/queries/devices';
import { TableHead } from '@/components/app/table-head';
import { ItemOptions } from '@/components/app/options';

/** A device key as the page lists it (the query's row). */
export type AdminDevice = AdminDeviceRow;

/** Device API keys: create (the key is shown once), see when each was last used, revoke. */
export function DeviceAdmin({ devices, cameras }: { devices: AdminDevice[]; cameras: { id: string; name: string; kind: string }[] }) {
  const t = useTranslations('devices');
  const format = useFormats();
  const router = useRouter();
  const [name, setName] = useState('');
  const [selected, setSelected] = useState<string[]>([]);
  const [created, setCreated] = useState<{ name: string; key: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const cameraName = new Map(cameras.map((c) => [c.id, c.name]));

  const create = async () => {
    setError(null);
    let body: { key: string };
    try {
      body = await apiFetch<{ key: string }>('/api/devices', { method: 'POST', body: { name, cameraIds: selected } });
    } catch (err) {
      setError(errorMessage(err));
      return;
    }
    setCreated({ name, key: body.key });
    setName('');
    setSelected([]);
    router.refresh();
  };
  const revoke = async (d: AdminDevice) => {
    if (!window.confirm(t('confirmRevoke', { name: d.name }))) return;
    await apiFetch(`/api/devices/${d.id}`, { method: 'DELETE' }).catch((err: unknown) => setError(errorMessage(err)));
    router.refresh();
  };
  const when = (iso: string | null) => (iso ? format.dateTime(iso) : '—');

  return (
    <div className="page">
      <h1>{t('title')}</h1>
      <p className="muted">{t('intro')}</p>
      {created && (
        <div className="key-once" role="status" data-testid="new-key">
          <strong>{t('shownOnce', { name: created.name })}</strong>
          <code>{created.key}</code>
          <button type="button" className="button small" onClick={() => void navigator.clipboard?.writeText(created.key)}>
            {t('copy')}
          </button>
        </div>
      )}
      <section className="device-form">
        <h2>{t('create')}</h2>
        <label>
          {t('name')}
          <input value={name} onChange={(e) => setName(e.target.value)} maxLength={200} placeholder={t('namePlaceholder')} data-testid="device-name" />
        </label>
        <label>
          {t('cameras')} ({selected.length})
          <select multiple size={8} value={selected} onChange={(e) => setSelected([...e.target.selectedOptions].map((o) => o.value))} data-testid="device-cameras">
            <ItemOptions items={cameras} />
          </select>
        </label>
        <button type="button" className="button" disabled={!name.trim() || selected.length === 0} onClick={() => void create()} data-testid="device-create">
          {t('createKey')}
        </button>
        {error && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
      </section>
      <table className="data" data-testid="device-table">
        <TableHead columns={[t('name'), t('key'), t('cameras'), t('createdAt'), t('lastUsed'), t('detections'), { label: t('actions'), hidden: true }]} />
        <tbody>
          {devices.map((d) => (
            <tr key={d.id} className={d.revokedAt ? 'revoked' : undefined}>
              <td>{d.name}</td>
              <td>
                <code>{d.keyPrefix}…</code>
              </td>
              <td title={d.cameraIds.map((id) => cameraName.get(id) ?? id).join('\n')}>{d.cameraIds.length}</td>
              <td>
                {when(d.createdAt)} {d.createdBy && `· ${d.createdBy}`}
              </td>
              <td>{when(d.lastUsedAt)}</td>
              <td className="num">{format.number(d.detections)}</td>
              <td>
                {d.revokedAt ? (
                  t('revokedAt', { when: when(d.revokedAt) })
                ) : (
                  <button type="button" className="button small danger" onClick={() => void revoke(d)}>
                    {t('revoke')}
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

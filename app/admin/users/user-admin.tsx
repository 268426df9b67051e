'use client';

import { useRouter } from 'next/navigation';
import { useLocale, useTranslations } from 'next-intl';
import { useState } from 'react';
import { apiFetch, errorMessage } from '@/lib/api/client';
import type { UserRow } from '@/lib/users/manage';
import { useFormats } from '@/components/app/use-formats';
import { TableHead } from '@/components/app/table-head';
import { ItemOptions, Options } from '@/components/app/options';

const ROLES = ['leadership', 'operator', 'planner', 'agency_viewer', 'admin'] as const;

interface Agency {
  id: string;
  name: string;
  nameEn: string;
}

interface Draft {
  username: string;
  displayName: string;
  role: (typeof ROLES)[number];
  agencyId: string;
  provinceCode: string;
  password: string;
}

/** Accounts: create, change role or agency, disable, set a new password (each ends the account's sessions). */
export function UserAdmin({ self, national, defaultProvince, users, agencies }: { self: string; national: boolean; defaultProvince: string | null; users: UserRow[]; agencies: Agency[] }) {
  const t = useTranslations('users');
  const tr = useTranslations('roles');
  const format = useFormats();
  const locale = useLocale();
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [draft, setDraft] = useState<Draft>({ username: '', displayName: '', role: 'operator', agencyId: agencies[0]?.id ?? '', provinceCode: defaultProvince ?? '', password: '' });
  const agencyName = (a: Agency) => (locale === 'en' ? a.nameEn : a.name);

  const run = async (work: () => Promise<unknown>, done: string) => {
    setError(null);
    setNotice(null);
    try {
      await work();
      setNotice(done);
      router.refresh();
    } catch (err) {
      setError(errorMessage(err));
    }
  };
  const create = () =>
    run(async () => {
      await apiFetch('/api/users', { method: 'POST', body: { ...draft, provinceCode: draft.provinceCode.trim() || null } });
      setDraft((d) => ({ ...d, username: '', displayName: '', password: '' }));
    }, t('created'));
  const patch = (u: UserRow, body: Record<string, unknown>) => run(() => apiFetch(`/api/users/${u.id}`, { method: 'PATCH', body }), t('saved', { username: u.username }));
  const resetPassword = (u: UserRow) => {
    const password = window.prompt(t('newPasswordFor', { username: u.username }));
    if (password) void patch(u, { password });
  };

  return (
    <div className="page">
      <h1>{t('title')}</h1>
      <p className="muted">{t('intro')}</p>
      <section className="device-form" aria-labelledby="new-user">
        <h2 id="new-user">{t('create')}</h2>
        <div className="form-grid">
          <label>
            {t('username')}
            <input value={draft.username} onChange={(e) => setDraft({ ...draft, username: e.target.value })} autoComplete="off" data-testid="new-username" />
          </label>
          <label>
            {t('displayName')}
            <input value={draft.displayName} onChange={(e) => setDraft({ ...draft, displayName: e.target.value })} data-testid="new-display-name" />
          </label>
          <label>
            {t('role')}
            <select value={draft.role} onChange={(e) => setDraft({ ...draft, role: e.target.value as Draft['role'] })} data-testid="new-role">
              <Options values={ROLES} label={(r) => tr(r)} />
            </select>
          </label>
          <label>
            {t('agency')}
            <select value={draft.agencyId} onChange={(e) => setDraft({ ...draft, agencyId: e.target.value })}>
              <ItemOptions items={agencies} label={agencyName} />
            </select>
          </label>
          <label>
            {t('province')}
            <input value={draft.provinceCode} onChange={(e) => setDraft({ ...draft, provinceCode: e.target.value })} disabled={!national} placeholder={t('national')} />
          </label>
          <label>
            {t('password')}
            <input type="password" value={draft.password} onChange={(e) => setDraft({ ...draft, password: e.target.value })} autoComplete="new-password" data-testid="new-password" />
          </label>
        </div>
        <button type="button" className="button" onClick={() => void create()} disabled={!draft.username || !draft.password} data-testid="create-user">
          {t('createButton')}
        </button>
      </section>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      {notice && (
        <p className="notice" role="status">
          {notice}
        </p>
      )}
      <table className="data" data-testid="user-table">
        <caption className="visually-hidden">{t('title')}</caption>
        <TableHead columns={[t('username'), t('role'), t('agency'), t('province'), t('lastSignIn'), { label: t('sessions'), numeric: true }, t('actions')]} />
        <tbody>
          {users.map((u) => (
            <tr key={u.id} className={u.disabled ? 'revoked' : undefined} data-username={u.username}>
              <td>
                {u.username}
                <br />
                <small className="muted">
                  {u.displayName}
                  {u.disabled ? ` · ${t('disabled')}` : ''}
                </small>
              </td>
              <td>
                <select aria-label={t('roleOf', { username: u.username })} value={u.role} disabled={u.id === self} onChange={(e) => void patch(u, { role: e.target.value })}>
                  <Options values={ROLES} label={(r) => tr(r)} />
                </select>
              </td>
              <td>{u.agencyName}</td>
              <td>{u.provinceCode ?? t('national')}</td>
              <td>{u.lastSignInAt ? format.dateTime(u.lastSignInAt) : '—'}</td>
              <td className="num">{format.number(u.activeSessions)}</td>
              <td className="actions">
                {u.id !== self && (
                  <button type="button" className="button small" onClick={() => void patch(u, { disabled: !u.disabled })} data-testid={`toggle-${u.username}`}>
                    {u.disabled ? t('enable') : t('disable')}
                  </button>
                )}
                <button type="button" className="button small" onClick={() => resetPassword(u)}>
                  {t('resetPassword')}
                </button>
                <button type="button" className="button small" onClick={() => void run(() => apiFetch(`/api/users/${u.id}/unlock`, { method: 'POST', body: {} }), t('unlocked', { username: u.username }))} data-testid={`unlock-${u.username}`}>
                  {t('unlock')}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

'use client';

import { useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { useFormats } from '@/components/app/use-formats';
import { apiFetch, errorMessage } from '@/lib/api/client';
import { TableHead } from '@/components/app/table-head';

export interface AccountToken {
  id: string;
  name: string;
  prefix: string;
  createdAt: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
  /** Past its expiry when the page was made. */
  expired: boolean;
}

/** One's personal API tokens for GIS clients: create (the token is shown once), see their use, revoke. */
export function ApiTokens({ tokens, ogcUrl }: { tokens: AccountToken[]; ogcUrl: string }) {
  const t = useTranslations('apiTokens');
  const format = useFormats();
  const router = useRouter();
  const [name, setName] = useState('');
  const [days, setDays] = useState('');
  const [created, setCreated] = useState<{ name: string; token: string } | null>(null);
  const [copied, setCopied] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  const create = async () => {
    setError(null);
    setPending(true);
    try {
      const body = await apiFetch<{ token: string }>('/api/tokens', { method: 'POST', body: { name, expiresInDays: days.trim() ? Number(days) : null } });
      setCreated({ name, token: body.token });
      setCopied(false);
      setName('');
      setDays('');
      router.refresh();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setPending(false);
    }
  };
  const revoke = async (token: AccountToken) => {
    if (!window.confirm(t('confirmRevoke', { name: token.name }))) return;
    setError(null);
    await apiFetch(`/api/tokens/${token.id}`, { method: 'DELETE' }).catch((err: unknown) => setError(errorMessage(err)));
    router.refresh();
  };
  const when = (iso: string | null, none: string) => (iso ? format.dateTime(iso) : none);

  return (
    <section className="api-tokens" aria-labelledby="api-tokens-title" data-testid="api-tokens">
      <h2 id="api-tokens-title">{t('title')}</h2>
      <p className="muted">{t('intro', { url: ogcUrl })}</p>
      {created && (
        <div className="key-once" role="status" data-testid="new-token">
          <strong>{t('shownOnce', { name: created.name })}</strong>
          <code>{created.token}</code>
          <button
            type="button"
            className="button small"
            onClick={() => {
              void navigator.clipboard?.writeText(created.token).then(() => setCopied(true));
            }}
          >
            {copied ? t('copied') : t('copy')}
          </button>
        </div>
      )}
      <form
        className="device-form"
        onSubmit={(e) => {
          e.preventDefault();
          void create();
        }}
      >
        <label>
          {t('name')}
          <input value={name} onChange={(e) => setName(e.target.value)} maxLength={100} placeholder={t('namePlaceholder')} required data-testid="token-name" />
        </label>
        <label>
          {t('expiresInDays')}
          <input type="number" min={1} max={3650} step={1} value={days} onChange={(e) => setDays(e.target.value)} placeholder={t('neverExpires')} data-testid="token-days" />
        </label>
        <button type="submit" className="button" disabled={pending || !name.trim()} data-testid="token-create">
          {t('create')}
        </button>
      </form>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      {tokens.length === 0 ? (
        <p className="muted">{t('none')}</p>
      ) : (
        <div className="table-scroll">
          <table className="data" data-testid="token-table">
            <TableHead columns={[t('name'), t('prefix'), t('createdAt'), t('lastUsed'), t('expiresAt'), { label: t('actions'), hidden: true }]} />
            <tbody>
              {tokens.map((token) => {
                return (
                  <tr key={token.id} className={token.revokedAt || token.expired ? 'revoked' : undefined}>
                    <td>{token.name}</td>
                    <td>
                      <code>{token.prefix}…</code>
                    </td>
                    <td>{when(token.createdAt, '—')}</td>
                    <td>{when(token.lastUsedAt, t('neverUsed'))}</td>
                    <td>{when(token.expiresAt, t('neverExpires'))}</td>
                    <td>
                      {token.revokedAt ? (
                        t('revokedAt', { when: when(token.revokedAt, '—') })
                      ) : token.expired ? (
                        t('expired')
                      ) : (
                        <button type="button" className="button small danger" onClick={() => void revoke(token)}>
                          {t('revoke')}
                        </button>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

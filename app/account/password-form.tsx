'use client';

import { useRouter } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { apiFetch, errorMessage } from '@/lib/api/client';

/** Changing one's password ends every session of the account, this one too: then sign in again. */
export function PasswordForm() {
  const t = useTranslations('account');
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  return (
    <form
      className="account-form"
      onSubmit={async (e) => {
        e.preventDefault();
        const form = new FormData(e.currentTarget);
        const newPassword = String(form.get('newPassword') ?? '');
        if (newPassword !== String(form.get('repeat') ?? '')) {
          setError(t('mismatch'));
          return;
        }
        setPending(true);
        setError(null);
        try {
          await apiFetch('/api/account/password', { method: 'POST', body: { currentPassword: String(form.get('currentPassword') ?? ''), newPassword } });
          router.replace('/login?changed=1');
          router.refresh();
        } catch (err) {
          setPending(false);
          setError(errorMessage(err));
        }
      }}
    >
      <h2>{t('changePassword')}</h2>
      <p className="muted">{t('changeHint')}</p>
      <label>
        {t('current')}
        <input name="currentPassword" type="password" autoComplete="current-password" required />
      </label>
      <label>
        {t('new')}
        <input name="newPassword" type="password" autoComplete="new-password" minLength={10} required />
      </label>
      <label>
        {t('repeat')}
        <input name="repeat" type="password" autoComplete="new-password" minLength={10} required />
      </label>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <button type="submit" className="button primary" disabled={pending}>
        {t('save')}
      </button>
    </form>
  );
}

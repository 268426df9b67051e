'use client';

import { signIn } from 'next-auth/react';
import { useTranslations } from 'next-intl';
import { useState } from 'react';

export function LoginForm({ callbackUrl }: { callbackUrl: string }) {
  const t = useTranslations('login');
  const [pending, setPending] = useState(false);
  const [failed, setFailed] = useState(false);
  /** Minutes until sign-in is allowed again, when the server throttled this attempt. */
  const [lockedMinutes, setLockedMinutes] = useState<number | null>(null);
  return (
    <form
      className="login-form"
      onSubmit={async (e) => {
        e.preventDefault();
        const form = new FormData(e.currentTarget);
        setPending(true);
        setFailed(false);
        setLockedMinutes(null);
        const result = await signIn('credentials', {
          redirect: false,
          username: String(form.get('username') ?? ''),
          password: String(form.get('password') ?? ''),
        });
        if (result?.ok && !result.error) {
          // A full navigation, so server components render with the new session cookie.
          window.location.assign(callbackUrl);
        } else {
          setPending(false);
          setFailed(true);
          const throttled = /^throttled:(\d+)$/.exec(result?.error ?? '');
          if (throttled) setLockedMinutes(Math.max(1, Math.ceil(Number(throttled[1]) / 60)));
        }
      }}
    >
      <label>
        {t('username')}
        <input name="username" autoComplete="username" required autoFocus data-testid="username" />
      </label>
      <label>
        {t('password')}
        <input name="password" type="password" autoComplete="current-password" required data-testid="password" />
      </label>
      {failed && (
        <p className="form-error" role="alert">
          {lockedMinutes !== null ? t('throttled', { minutes: lockedMinutes }) : t('failed')}
        </p>
      )}
      <button type="submit" className="button primary" disabled={pending} data-testid="sign-in">
        {pending ? t('submitting') : t('submit')}
      </button>
    </form>
  );
}

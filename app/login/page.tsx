import { getTranslations } from 'next-intl/server';
import { redirect } from 'next/navigation';
import { LocaleSwitcher } from '@/components/app/locale-switcher';
import { LoginForm } from '@/app/login/login-form';
import { safeCallbackPath } from '@/lib/auth/callback-url';
import { getCurrentUser } from '@/lib/auth/session';
import { DEMO_PASSWORD, DEMO_USERS } from '@/db/seed';
import { getSettings } from '@/lib/settings';

export const dynamic = 'force-dynamic';

export default async function LoginPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const requested = (await searchParams).callbackUrl;
  // Only same-site paths are followed after sign-in, never another origin.
  const callbackUrl = safeCallbackPath(Array.isArray(requested) ? requested[0] : requested);
  if (await getCurrentUser()) redirect(callbackUrl);
  const t = await getTranslations();
  const demo = getSettings().SEED_DEMO;
  return (
    <main className="login-page">
      <div className="login-card">
        <div className="login-top">
          <div className="brand">
            <span className="brand-mark" aria-hidden="true">◉</span>
            <span>
              <strong>{t('app.name')}</strong>
              <small>{t('app.tagline')}</small>
            </span>
          </div>
          <LocaleSwitcher />
        </div>
        <h1>{t('login.title')}</h1>
        <LoginForm callbackUrl={callbackUrl} />
        {demo && (
          <div className="demo-accounts">
            <p>{t('login.demoHint', { password: DEMO_PASSWORD })}</p>
            <ul>
              {DEMO_USERS.map((u) => (
                <li key={u.username}>
                  <code>{u.username}</code> – {t(`roles.${u.role}`)}
                </li>
              ))}
            </ul>
          </div>
        )}
      </div>
    </main>
  );
}

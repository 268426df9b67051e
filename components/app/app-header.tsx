import { getLocale, getTranslations } from 'next-intl/server';
import Link from 'next/link';
import { LocaleSwitcher } from '@/components/app/locale-switcher';
import { SignOutButton } from '@/components/app/sign-out-button';
import type { CurrentUser } from '@/lib/auth/session';

export async function AppHeader({ user }: { user: CurrentUser }) {
  const t = await getTranslations();
  const locale = await getLocale();
  return (
    <header className="app-header">
      <Link href="/map" className="brand">
        <span className="brand-mark" aria-hidden="true">◉</span>
        <span>
          <strong>{t('app.name')}</strong>
          <small>{t('app.tagline')}</small>
        </span>
      </Link>
      <div className="header-right">
        <span className="user" data-testid="current-user">
          {user.displayName}
          <small>
            {t(`roles.${user.role}`)} · {locale === 'en' ? user.agencyNameEn : user.agencyName}
          </small>
        </span>
        <LocaleSwitcher />
        <SignOutButton />
      </div>
    </header>
  );
}

import { getLocale, getTranslations } from 'next-intl/server';
import Link from 'next/link';
import { LocaleSwitcher } from '@/components/app/locale-switcher';
import { AlertBadge } from '@/components/alerts/alert-badge';
import { AppNav } from '@/components/app/app-nav';
import { LiveStatus } from '@/components/live/live-status';
import { SignOutButton } from '@/components/app/sign-out-button';
import { can } from '@/lib/auth/permissions';
import type { CurrentUser } from '@/lib/auth/session';
import { programmeHome } from '@/lib/programme/home';

export async function AppHeader({ user }: { user: CurrentUser }) {
  const t = await getTranslations();
  const locale = await getLocale();
  // Only what this user may use is offered; each page checks again on the server.
  const overview = can(user, 'overview:read') ? [{ href: '/overview', label: t('nav.overview') }] : [];
  const alerts = can(user, 'alert:read') ? [{ href: '/alerts', label: t('nav.alerts') }] : [];
  const programme = can(user, 'facility:read') ? [{ href: '/programme', label: t('nav.programme') }] : [];
  // Those who work on the camera programme (telecom staff, the Department of Information and
  // Communications) start from it; for everyone else it follows the daily pages.
  const programmeFirst = programmeHome(user);
  const links = [
    // Leaders start from the overview, the duty team from the inbox (see app/page.tsx).
    ...(programmeFirst ? programme : []),
    ...(user.role === 'leadership' ? overview : []),
    ...alerts,
    ...(can(user, 'map:view') ? [{ href: '/map', label: t('nav.map') }] : []),
    ...(user.role === 'leadership' ? [] : overview),
    ...(programmeFirst ? [] : programme),
    ...(can(user, 'camera:stream') ? [{ href: '/wall', label: t('nav.wall') }] : []),
    ...(can(user, 'camera:read') ? [{ href: '/cameras', label: t('nav.cameras') }] : []),
    ...(can(user, 'detection:read') ? [{ href: '/events', label: t('nav.events') }] : []),
    ...(can(user, 'roster:read') ? [{ href: '/roster', label: t('nav.roster') }] : []),
    ...(can(user, 'sitrep:read') ? [{ href: '/reports', label: t('nav.reports') }] : []),
  ];
  const admin = [
    ...(can(user, 'camera:write') ? [{ href: '/admin/cameras', label: t('nav.adminCameras') }] : []),
    ...(can(user, 'device:manage') ? [{ href: '/admin/devices', label: t('nav.adminDevices') }] : []),
    ...(can(user, 'user:manage') ? [{ href: '/admin/users', label: t('nav.adminUsers') }] : []),
    ...(can(user, 'alert:policy') ? [{ href: '/admin/escalation', label: t('nav.adminEscalation') }] : []),
  ];
  return (
    <header className="app-header">
      <div className="header-left">
      <Link href={programmeFirst ? '/programme' : '/map'} prefetch={false} className="brand">
        <span className="brand-mark" aria-hidden="true">◉</span>
        <span>
          <strong>{t('app.name')}</strong>
          <small>{t('app.tagline')}</small>
        </span>
      </Link>
      <AppNav links={links} admin={admin} adminLabel={t('nav.admin')} moreLabel={t('nav.more')} />
      </div>
      <div className="header-right">
        <LiveStatus />
        {can(user, 'alert:read') && <AlertBadge notifyEscalations={user.role === 'leadership'} />}
        <Link href="/account" prefetch={false} className="user" data-testid="current-user" title={t('nav.account')}>
          {user.displayName}
          <small>
            {t(`roles.${user.role}`)} · {locale === 'en' ? user.agencyNameEn : user.agencyName}
          </small>
        </Link>
        <LocaleSwitcher />
        <SignOutButton />
      </div>
    </header>
  );
}

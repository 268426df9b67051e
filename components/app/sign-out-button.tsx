'use client';

import { signOut } from 'next-auth/react';
import { useTranslations } from 'next-intl';

export function SignOutButton() {
  const t = useTranslations('app');
  return (
    <button type="button" className="button ghost" onClick={() => signOut({ callbackUrl: '/login' })}>
      {t('signOut')}
    </button>
  );
}

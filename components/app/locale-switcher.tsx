'use client';

import { useRouter } from 'next/navigation';
import { useLocale, useTranslations } from 'next-intl';
import { LOCALE_COOKIE, LOCALES } from '@/lib/i18n/config';
import { Options } from '@/components/app/options';

/** The language is a display preference in a cookie; switching re-renders the server components. */
export function LocaleSwitcher() {
  const locale = useLocale();
  const router = useRouter();
  const t = useTranslations('app');
  return (
    <label className="locale-switcher">
      <span className="sr-only">{t('language')}</span>
      <select
        value={locale}
        data-testid="locale"
        onChange={(e) => {
          document.cookie = `${LOCALE_COOKIE}=${e.target.value}; path=/; max-age=31536000; samesite=lax`;
          router.refresh();
        }}
      >
        <Options values={LOCALES} label={(l) => l === 'vi' ? 'Tiếng Việt' : 'English'} />
      </select>
    </label>
  );
}

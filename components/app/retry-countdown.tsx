'use client';

import { useTranslations } from 'next-intl';
import { useEffect, useState } from 'react';

/** Counts down and then retries (a reload of `href`, or `onRetry`), with a button to retry now. */
export function RetryCountdown({ seconds, href, onRetry, messageKey }: { seconds: number; href?: string; onRetry?: () => void; messageKey: 'unavailableBody' | 'errorBody' }) {
  const t = useTranslations('app');
  const [left, setLeft] = useState(seconds);
  useEffect(() => {
    const retry = () => (onRetry ? onRetry() : window.location.assign(href ?? window.location.href));
    if (left <= 0) {
      retry();
      return;
    }
    const timer = setTimeout(() => setLeft((n) => n - 1), 1_000);
    return () => clearTimeout(timer);
  }, [left, href, onRetry]);
  return (
    <>
      <p role="status">{t(messageKey, { seconds: Math.max(0, left) })}</p>
      <button type="button" className="button primary" onClick={() => (onRetry ? onRetry() : window.location.assign(href ?? window.location.href))}>
        {t('unavailableRetry')}
      </button>
    </>
  );
}

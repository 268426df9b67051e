'use client';

import { useTranslations } from 'next-intl';
import { RetryCountdown } from '@/components/app/retry-countdown';

/** A page that failed to render (most often the database briefly away): say so and try again. */
export default function PageError({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  const t = useTranslations('app');
  return (
    <main className="login-page">
      <div className="login-card" data-testid="page-error">
        <h1>{t('errorTitle')}</h1>
        <RetryCountdown seconds={10} onRetry={reset} messageKey="errorBody" />
      </div>
    </main>
  );
}

'use client';

import { useTranslations } from 'next-intl';
import { ApiError } from '@/lib/api/client';

/**
 * The one way an API error is shown: the database briefly away says so (the data reloads by
 * itself); any other error shows the server's reasons.
 */
export function ApiErrorNotice({ error }: { error: unknown }) {
  const t = useTranslations('app');
  if (!error) return null;
  const away = !(error instanceof ApiError) || error.status === 503 || error.status === 502 || error.status === 504;
  return (
    <p className={away ? 'notice' : 'error'} role="alert" data-testid="api-error" data-status={error instanceof ApiError ? error.status : 0}>
      {away ? t('briefOutage') : error.explanation}
    </p>
  );
}

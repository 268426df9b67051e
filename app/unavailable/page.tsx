import { getTranslations } from 'next-intl/server';
import { RetryCountdown } from '@/components/app/retry-countdown';
import { safeCallbackPath } from '@/lib/auth/callback-url';

/**
 * Where a page sends its reader when the database cannot be reached: it says so, needs no
 * database itself, and goes back to the page asked for after a few seconds.
 */
export default async function UnavailablePage({ searchParams }: { searchParams: Promise<{ next?: string }> }) {
  const t = await getTranslations('app');
  const next = safeCallbackPath((await searchParams).next ?? '/');
  return (
    <main className="login-page">
      <div className="login-card" data-testid="database-unavailable">
        <h1>{t('unavailableTitle')}</h1>
        <RetryCountdown seconds={5} href={next} messageKey="unavailableBody" />
      </div>
    </main>
  );
}

import { getTranslations } from 'next-intl/server';
import Link from 'next/link';
import { homePath } from '@/lib/auth/home';
import { getCurrentUser } from '@/lib/auth/session';

/** Where a signed-in user lands without the right to a page: a way back to their own start page. */
export default async function ForbiddenPage() {
  const t = await getTranslations('app');
  const home = homePath(await getCurrentUser().catch(() => null));
  return (
    <main className="login-page">
      <div className="login-card">
        <h1>403</h1>
        <p>{t('forbidden')}</p>
        <Link href={home} data-testid="forbidden-home">
          {t('backHome')}
        </Link>
      </div>
    </main>
  );
}

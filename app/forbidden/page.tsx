import { getTranslations } from 'next-intl/server';
import Link from 'next/link';

export default async function ForbiddenPage() {
  const t = await getTranslations('app');
  return (
    <main className="login-page">
      <div className="login-card">
        <h1>403</h1>
        <p>{t('forbidden')}</p>
        <Link href="/map">{t('backToMap')}</Link>
      </div>
    </main>
  );
}

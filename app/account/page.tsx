import { getTranslations } from 'next-intl/server';
import { AppHeader } from '@/components/app/app-header';
import { PasswordForm } from '@/app/account/password-form';
import { requirePageUser } from '@/lib/auth/session';

export const dynamic = 'force-dynamic';

export default async function AccountPage() {
  const user = await requirePageUser('account:self', '/account');
  const t = await getTranslations('account');
  return (
    <div className="app">
      <AppHeader user={user} />
      <main className="app-main scroll">
        <div className="page narrow">
          <h1>{t('title')}</h1>
          <p>
            {user.displayName} · <code>{user.username}</code>
          </p>
          <PasswordForm />
        </div>
      </main>
    </div>
  );
}

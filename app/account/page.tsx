import { getTranslations } from 'next-intl/server';
import { headers } from 'next/headers';
import { AppPage } from '@/components/app/app-page';
import { ApiTokens, type AccountToken } from '@/app/account/api-tokens';
import { PasswordForm } from '@/app/account/password-form';
import { getDatabase } from '@/lib/database';
import { listApiTokens, type ApiTokenInfo } from '@/lib/auth/api-tokens';
import { requirePageUser } from '@/lib/auth/session';

export const dynamic = 'force-dynamic';

/** Where GIS clients reach the OGC API, as this page was reached (NEXTAUTH_URL behind a proxy). */
async function ogcUrl(): Promise<string> {
  if (process.env.NEXTAUTH_URL) {
    try {
      return `${new URL(process.env.NEXTAUTH_URL).origin}/ogc`;
    } catch {
      // settings validation reports it
    }
  }
  const h = await headers();
  return `${h.get('x-forwarded-proto') === 'https' ? 'https' : 'http'}://${h.get('host') ?? 'localhost:3000'}/ogc`;
}

/** The tokens as the client part shows them. */
function accountTokens(tokens: ApiTokenInfo[], now = Date.now()): AccountToken[] {
  const iso = (d: Date | null) => d?.toISOString() ?? null;
  return tokens.map((k) => ({
    id: k.id,
    name: k.name,
    prefix: k.prefix,
    createdAt: k.createdAt.toISOString(),
    expiresAt: iso(k.expiresAt),
    lastUsedAt: iso(k.lastUsedAt),
    revokedAt: iso(k.revokedAt),
    expired: k.expiresAt !== null && k.expiresAt.getTime() <= now,
  }));
}

export default async function AccountPage() {
  const user = await requirePageUser('account:self', '/account');
  const t = await getTranslations('account');
  const tokens = await listApiTokens(await getDatabase(), user.id);
  return (
    <AppPage user={user} scroll="scroll">
      <div className="page narrow">
        <h1>{t('title')}</h1>
        <p>
          {user.displayName} · <code>{user.username}</code>
        </p>
        <PasswordForm />
        <ApiTokens ogcUrl={await ogcUrl()} tokens={accountTokens(tokens)} />
      </div>
    </AppPage>
  );
}

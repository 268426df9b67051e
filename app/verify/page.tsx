import { getTranslations } from 'next-intl/server';
import { AppPage } from '@/components/app/app-page';
import { EvidenceVerifyForm } from '@/components/verify/evidence-verify-form';
import { VerifyForm } from '@/components/verify/verify-form';
import { uuidSchema } from '@/lib/api/schemas';
import { requirePageUser } from '@/lib/auth/session';
import { MAX_VERIFY_PACKAGE_BYTES } from '@/lib/evidence/manifest';
import { MAX_VERIFY_PDF_BYTES } from '@/lib/reports/verify-request';
import { publishedKeys } from '@/lib/signing/keyring';

export const dynamic = 'force-dynamic';

export async function generateMetadata() {
  const t = await getTranslations('verify');
  return { title: `${t('title')} – Vigil` };
}

/** Checking a report's signature (a downloaded PDF or a report id) or an evidence package, with the trusted public keys. */
export default async function VerifyPage({ searchParams }: { searchParams: Promise<{ id?: string | string[] }> }) {
  const user = await requirePageUser('signature:verify', '/verify');
  const t = await getTranslations('verify');
  const raw = (await searchParams).id;
  const id = uuidSchema.safeParse(Array.isArray(raw) ? raw[0] : raw);
  const keys = publishedKeys();
  return (
    <AppPage user={user} scroll="scroll">
      <div className="page" data-testid="verify-page">
        <h1>{t('title')}</h1>
        <p className="muted">{t('intro')}</p>
        <VerifyForm initialId={id.success ? id.data : ''} maxBytes={MAX_VERIFY_PDF_BYTES} />
        <EvidenceVerifyForm maxBytes={MAX_VERIFY_PACKAGE_BYTES} />
        <section aria-labelledby="keys-heading">
          <h2 id="keys-heading">{t('keys')}</h2>
          <p className="small muted">{t('keysIntro')}</p>
          <ul className="plain" data-testid="signing-keys">
            {keys.map((k) => (
              <li key={k.keyId}>
                <code className="hash">{k.keyId}</code>
                {k.current ? ` (${t('currentKey')})` : ''}
                <pre className="hash">{k.pem}</pre>
              </li>
            ))}
          </ul>
        </section>
      </div>
    </AppPage>
  );
}

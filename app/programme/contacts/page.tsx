import Link from 'next/link';
import { getLocale, getTranslations } from 'next-intl/server';
import { AppPage } from '@/components/app/app-page';
import { getDatabase } from '@/lib/database';
import { listContacts } from '@/db/queries/programme';
import { scopeFor } from '@/lib/auth/permissions';
import { requirePageUser } from '@/lib/auth/session';
import { provinceName } from '@/lib/geo/provinces';
import { TableHead } from '@/components/app/table-head';

export const dynamic = 'force-dynamic';

export async function generateMetadata() {
  const t = await getTranslations('programme');
  return { title: `${t('nav.contacts')} – Vigil` };
}

/** The list of each facility's contact persons, as the province sends it on, with exports. */
export default async function ContactsPage() {
  const user = await requirePageUser('facility:read', '/programme/contacts');
  const t = await getTranslations('programme');
  const locale = await getLocale();
  const rows = await listContacts(await getDatabase(), scopeFor(user, 'facility:read')!);
  return (
    <AppPage user={user} scroll="scroll">
      <div className="programme">
        <p className="breadcrumb">
          <Link href="/programme">{t('nav.dashboard')}</Link> ›
        </p>
        <header className="overview-head">
          <h1>{t('contacts.title')}</h1>
          <p className="muted">{t('contacts.count', { count: rows.length })}</p>
          <nav className="programme-links" aria-label={t('contacts.exports')}>
            <a href="/api/facilities/contacts?format=xlsx" download data-testid="contacts-xlsx">
              {t('contacts.downloadXlsx')}
            </a>
            <a href="/api/facilities/contacts?format=csv" download>
              {t('contacts.downloadCsv')}
            </a>
          </nav>
        </header>
        <div className="table-scroll">
          <table className="data" data-testid="contacts-table">
            <TableHead columns={[t('fig.facility'), t('fig.province'), t('contacts.name'), t('contacts.position'), t('contacts.phone'), t('contacts.email')]} />
            <tbody>
              {rows.map((r, i) => (
                <tr key={`${r.facilityId}-${i}`}>
                  <th scope="row">
                    <Link href={`/programme/facilities/${r.facilityId}`}>{r.facilityName}</Link>
                  </th>
                  <td>{provinceName(r.provinceCode, locale)}</td>
                  <td>
                    {r.name}
                    {r.isPrimary && <span className="badge"> {t('contacts.primary')}</span>}
                  </td>
                  <td>{r.position ?? '—'}</td>
                  <td>
                    <a href={`tel:${r.phone.replace(/[^\d+]/g, '')}`}>{r.phone}</a>
                  </td>
                  <td>{r.email ? <a href={`mailto:${r.email}`}>{r.email}</a> : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </div>
    </AppPage>
  );
}

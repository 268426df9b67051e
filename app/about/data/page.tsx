import { getTranslations } from 'next-intl/server';
import { AppPage } from '@/components/app/app-page';
import { attributionLines } from '@/components/map/map-style';
import { requirePageUser } from '@/lib/auth/session';
import { TableHead } from '@/components/app/table-head';

export const dynamic = 'force-dynamic';

const SOURCES = ['border', 'admin', 'districts', 'places', 'basemap', 'fonts'] as const;
const APPROXIMATIONS = ['hotspots', 'gates', 'wharf', 'borderLength', 'province', 'demo'] as const;

/** Where every piece of reference geography comes from, what is approximate and why, and the attribution the licences require. */
export default async function DataSourcesPage() {
  const user = await requirePageUser('map:view', '/about/data');
  const t = await getTranslations('about');
  const tAll = await getTranslations();
  return (
    <AppPage user={user} scroll="scroll">
      <article className="page about-page">
        <h1>{t('title')}</h1>
        <p>{t('intro')}</p>
        <section aria-labelledby="about-sources">
          <h2 id="about-sources">{t('sourcesTitle')}</h2>
          <div className="table-scroll" tabIndex={0} role="region" aria-labelledby="about-sources">
            <table className="data">
              <TableHead columns={[t('columns.data'), t('columns.use'), t('columns.source'), t('columns.licence'), t('columns.accuracy')]} />
              <tbody>
                {SOURCES.map((key) => (
                  <tr key={key}>
                    <th scope="row">{t(`sources.${key}.data`)}</th>
                    <td>{t(`sources.${key}.use`)}</td>
                    <td>{t(`sources.${key}.source`)}</td>
                    <td>{t(`sources.${key}.licence`)}</td>
                    <td>{t(`sources.${key}.accuracy`)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
        <section aria-labelledby="about-approximate">
          <h2 id="about-approximate">{t('approximateTitle')}</h2>
          <ul className="prose-list">
            {APPROXIMATIONS.map((key) => (
              <li key={key}>
                <strong>{t(`approximate.${key}.what`)}</strong> — {t(`approximate.${key}.why`)}
              </li>
            ))}
          </ul>
        </section>
        <section aria-labelledby="about-attribution">
          <h2 id="about-attribution">{t('attributionTitle')}</h2>
          <p>{t('attributionIntro')}</p>
          <blockquote className="attribution">
            {attributionLines((key) => tAll(key as 'attribution.border')).map((line) => (
              <p key={line}>{line}</p>
            ))}
          </blockquote>
          <p className="muted small">{t('shareAlike')}</p>
        </section>
      </article>
    </AppPage>
  );
}

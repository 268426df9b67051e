import Link from 'next/link';
import { notFound } from 'next/navigation';
import { getLocale, getTranslations } from 'next-intl/server';
import { AppPage } from '@/components/app/app-page';
import { ProgrammeTrend } from '@/components/programme/programme-trend';
import { getDatabase } from '@/lib/database';
import { FACILITY_STATUSES } from '@/lib/domain/facilities';
import { uuidSchema } from '@/lib/api/schemas';
import { requirePageUser } from '@/lib/auth/session';
import { formatsFor } from '@/lib/format';
import { provinceName } from '@/lib/geo/provinces';
import { scopeLabel } from '@/lib/programme/report-pdf';
import { canReadScope, getReport } from '@/lib/programme/reports';
import type { Translator } from '@/lib/reports/pdf';
import { localInstant } from '@/lib/domain/local-time';
import { TableHead } from '@/components/app/table-head';
import { OutageTable } from '@/components/programme/outage-table';

export const dynamic = 'force-dynamic';

export async function generateMetadata() {
  const t = await getTranslations('programme');
  return { title: `${t('reports.title')} – Vigil` };
}

/** A frozen daily report, read in the app, with its PDF and XLSX. */
export default async function ReportPage({ params }: { params: Promise<{ id: string }> }) {
  const { id: raw } = await params;
  const user = await requirePageUser('facility:read', `/programme/reports/${raw}`);
  const id = uuidSchema.safeParse(raw);
  if (!id.success) notFound();
  const report = await getReport(await getDatabase(), id.data);
  if (!report || !canReadScope(user, report.scopeKey)) notFound();
  const locale = await getLocale();
  const t = await getTranslations('programme');
  const tv = await getTranslations('verify');
  const all = (await getTranslations()) as unknown as Translator;
  const f = formatsFor(locale);
  const fig = report.figures;
  const T = fig.totals;
  const pct = (v: number | null) => (v === null ? '—' : f.percent(v / 100, 1));
  const day = (d: string) => f.date(localInstant(d, 12 * 60));
  const rows: [string, string][] = [
    [t('fig.facilities'), f.number(T.total)],
    ...FACILITY_STATUSES.map((s): [string, string] => [t(`status.${s}`), f.number(T.byStatus[s])]),
    [t('fig.connectedPct'), pct(T.connectedPct)],
    [t('fig.deadline'), day(fig.deadline)],
    [t('fig.newlyConnected'), f.number(T.newlyConnected)],
    [t('fig.camerasLive'), `${f.number(T.camerasLive)} / ${f.number(T.camerasTotal)}`],
    [t('fig.uptimeToday'), pct(T.uptimePct)],
    [t('fig.outages'), `${f.number(T.outages)} · ${f.duration(T.outageSeconds)}`],
    [t('fig.late'), f.number(T.late)],
    [t('fig.contactsChanged'), f.number(T.contactsChanged)],
    [t('fig.occupancy'), `${f.number(T.occupancy)} / ${f.number(T.capacity)}`],
  ];
  return (
    <AppPage user={user} scroll="scroll">
      <article className="programme report-view" data-testid="programme-report" data-report-id={report.id}>
        <p className="breadcrumb">
          <Link href="/programme">{t('nav.dashboard')}</Link> › <Link href="/programme/reports">{t('reports.title')}</Link> ›
        </p>
        <header className="overview-head">
          <h1>{t('report.title')}</h1>
          <p>
            <strong>{scopeLabel(report.scopeKey, locale, all)}</strong> · {day(report.reportDate)}
          </p>
          <nav className="programme-links" aria-label={t('reports.download')}>
            <a href={`/api/programme/reports/${report.id}?format=pdf`} download data-testid="download-pdf">
              {t('reports.downloadPdf')}
            </a>
            <a href={`/api/programme/reports/${report.id}?format=xlsx`} download data-testid="download-xlsx">
              {t('reports.downloadXlsx')}
            </a>
          </nav>
        </header>
        <p className="small muted">
          {t('report.cutoff', { time: f.dateTime(fig.cutoffAt) })} ·{' '}
          {report.generatedByName ? t('report.generatedBy', { name: report.generatedByName, time: f.dateTime(report.generatedAt) }) : t('report.generatedAuto', { time: f.dateTime(report.generatedAt) })}
          <br />
          {t('report.frozen')} {t('report.hash')}: <code className="hash">{report.contentHash}</code>
          {report.signatureKeyId && (
            <>
              <br />
              <span data-testid="signature-key">
                {tv('seal', { keyId: report.signatureKeyId })} <Link href={`/verify?id=${report.id}`}>{tv('checkLink')}</Link>
              </span>
            </>
          )}
        </p>
        <div className="programme-grid">
          <section className="panel" aria-labelledby="summary-heading">
            <h2 id="summary-heading">{t('report.summary')}</h2>
            <table className="data" data-testid="report-summary">
              <tbody>
                {rows.map(([k, v]) => (
                  <tr key={k}>
                    <th scope="row">{k}</th>
                    <td className="num">{v}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
          <section className="panel" aria-labelledby="rtrend-heading">
            <h2 id="rtrend-heading">{t('report.trend', { days: fig.trend.length })}</h2>
            <ProgrammeTrend days={fig.trend} />
          </section>
          <section className="panel" aria-labelledby="groups-heading">
            <h2 id="groups-heading">{report.scopeKey === 'national' ? t('report.byProvince') : t('report.byTelecom')}</h2>
            <table className="data">
              <TableHead columns={[report.scopeKey === 'national' ? t('fig.province') : t('fig.telecom'), { label: t('fig.facilitiesShort'), numeric: true }, { label: t('status.connected'), numeric: true }, { label: t('fig.connectedPctShort'), numeric: true }, { label: t('fig.uptimeShort'), numeric: true }]} />
              <tbody>
                {(report.scopeKey === 'national' ? fig.byProvince : fig.byTelecom).map((g) => (
                  <tr key={g.key ?? 'none'}>
                    <th scope="row">{report.scopeKey === 'national' ? provinceName(g.key ?? '', locale) : (g.name ?? t('fig.noTelecom'))}</th>
                    <td className="num">{f.number(g.total)}</td>
                    <td className="num">{f.number(g.byStatus.connected)}</td>
                    <td className="num">{pct(g.connectedPct)}</td>
                    <td className="num">{pct(g.uptimePct)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
          <section className="panel" aria-labelledby="rlate-heading">
            <h2 id="rlate-heading">{t('report.late', { count: fig.late.length })}</h2>
            <ul className="gap-list">
              {fig.late.map((x) => (
                <li key={x.id} className="critical">
                  {x.name} · {provinceName(x.provinceCode, locale)} · {t(`status.${x.status}`)} · {t('fig.due')} {day(x.due)}
                </li>
              ))}
            </ul>
            <h2>{t('report.degraded', { count: fig.facilities.filter((x) => x.status === 'degraded').length })}</h2>
            <ul className="gap-list">
              {fig.facilities
                .filter((x) => x.status === 'degraded')
                .map((x) => (
                  <li key={x.id} className="warning">
                    {(locale === 'en' && x.nameEn) || x.name} · {t('dashboard.camerasLiveOf', { live: x.camerasLive, total: x.camerasTotal })}
                  </li>
                ))}
            </ul>
            <h2>{t('report.newlyConnected', { count: fig.newlyConnected.length })}</h2>
            <ul className="plain">
              {fig.newlyConnected.map((x) => (
                <li key={x.id}>
                  {x.name} · {f.time(x.at)}
                </li>
              ))}
            </ul>
            <h2>{t('report.contactsChanged', { count: fig.contactsChanged.length })}</h2>
            <ul className="plain">
              {fig.contactsChanged.map((c, i) => (
                <li key={i}>
                  {c.facilityName}: {c.name} ({t(`contactChange.${c.kind}`)}, {f.time(c.at)})
                </li>
              ))}
            </ul>
          </section>
        </div>
        <section className="panel" aria-labelledby="routages-heading">
          <h2 id="routages-heading">{t('report.outages', { count: fig.outages.length })}</h2>
          <div className="table-scroll">
            <OutageTable outages={fig.outages} withFacility />
          </div>
        </section>
      </article>
    </AppPage>
  );
}

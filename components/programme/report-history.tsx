'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useLocale, useTranslations } from 'next-intl';
import { useEffect, useState } from 'react';
import { useFormats } from '@/components/app/use-formats';
import { apiFetch } from '@/lib/api/client';
import { describeApiError } from '@/components/programme/api-errors';
import { NATIONAL_SCOPE, provinceName } from '@/lib/geo/provinces';
import type { ReportSummary } from '@/lib/programme/reports';
import { localInstant } from '@/lib/domain/local-time';
import { TableHead } from '@/components/app/table-head';
import { Options } from '@/components/app/options';

/** After this long a generation shows its progress (a national report over many facilities takes a while). */
const PROGRESS_AFTER_MS = 300;

export function ReportHistory({ initial, reportMinute, scopes, defaultScope, canGenerate, today }: { initial: ReportSummary[]; reportMinute: number; scopes: string[]; defaultScope: string; canGenerate: boolean; today: string }) {
  const t = useTranslations('programme');
  const f = useFormats();
  const locale = useLocale();
  const router = useRouter();
  const [reports, setReports] = useState(initial);
  const [scope, setScope] = useState(defaultScope);
  const [date, setDate] = useState(today);
  const [startedAt, setStartedAt] = useState<number | null>(null);
  const [elapsed, setElapsed] = useState(0);
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const scopeName = (key: string) => (key === NATIONAL_SCOPE ? t('scope.national') : provinceName(key, locale));
  const reportTime = f.time(localInstant(today, reportMinute));

  useEffect(() => {
    if (startedAt === null) return;
    const timer = setInterval(() => setElapsed(Date.now() - startedAt), 100);
    return () => clearInterval(timer);
  }, [startedAt]);

  const generate = async () => {
    setError(null);
    setMessage(null);
    setElapsed(0);
    setStartedAt(Date.now());
    try {
      const res = await apiFetch<{ report: ReportSummary; created: boolean }>('/api/programme/reports', { method: 'POST', body: { scope, date } });
      const list = await apiFetch<{ reports: ReportSummary[] }>('/api/programme/reports');
      setReports(list.reports);
      setMessage(res.created ? t('reports.made') : t('reports.existed'));
      router.push(`/programme/reports/${res.report.id}`);
    } catch (err) {
      setError(describeApiError(err, t));
    } finally {
      setStartedAt(null);
    }
  };

  return (
    <div className="programme">
      <p className="breadcrumb">
        <Link href="/programme">{t('nav.dashboard')}</Link> ›
      </p>
      <header className="overview-head">
        <h1>{t('reports.title')}</h1>
        <p className="muted">{t('reports.schedule', { time: reportTime })}</p>
      </header>
      {canGenerate && (
        <section className="panel report-generate" aria-labelledby="generate-heading">
          <h2 id="generate-heading">{t('reports.generate')}</h2>
          <div className="form-row">
            <label>
              {t('reports.scope')}{' '}
              <select value={scope} onChange={(e) => setScope(e.target.value)} data-testid="report-scope">
                <Options values={scopes} label={(s) => scopeName(s)} />
              </select>
            </label>
            <label>
              {t('reports.date')} <input type="date" value={date} max={today} onChange={(e) => setDate(e.target.value)} data-testid="report-date" />
            </label>
            <button type="button" onClick={() => void generate()} disabled={startedAt !== null} data-testid="generate-report">
              {t('reports.generateButton')}
            </button>
          </div>
          <p className="small muted">{t('reports.onceNote')}</p>
          <div role="status" aria-live="polite">
            {startedAt !== null && elapsed >= PROGRESS_AFTER_MS && (
              <div className="progress" data-testid="report-progress">
                <progress aria-label={t('reports.generating')} />
                <span>{t('reports.generatingFor', { scope: scopeName(scope), seconds: f.number(elapsed / 1000, 1) })}</span>
              </div>
            )}
            {message && <p className="ok-text">{message}</p>}
            {error && <p className="error-text">{error}</p>}
          </div>
        </section>
      )}
      <section className="panel" aria-labelledby="history-heading">
        <h2 id="history-heading">{t('reports.history')}</h2>
        {reports.length === 0 ? (
          <p className="muted">{t('reports.none')}</p>
        ) : (
          <div className="table-scroll">
            <table className="data" data-testid="report-list">
              <TableHead columns={[t('reports.date'), t('reports.scope'), { label: t('fig.facilitiesShort'), numeric: true }, { label: t('fig.connectedPctShort'), numeric: true }, t('xlsx.cutoff'), t('xlsx.generatedBy'), t('reports.download')]} />
              <tbody>
                {reports.map((r) => (
                  <tr key={r.id}>
                    <th scope="row">
                      <Link href={`/programme/reports/${r.id}`}>{f.date(localInstant(r.reportDate, 12 * 60))}</Link>
                    </th>
                    <td>{scopeName(r.scopeKey)}</td>
                    <td className="num">{f.number(r.facilities)}</td>
                    <td className="num">{r.connectedPct === null ? '—' : f.percent(r.connectedPct / 100, 1)}</td>
                    <td>{f.dateTime(r.cutoffAt)}</td>
                    <td>{r.generatedByName ?? t('xlsx.schedule')}</td>
                    <td>
                      <a href={`/api/programme/reports/${r.id}?format=pdf`} download aria-label={t('reports.pdfOf', { date: r.reportDate, scope: scopeName(r.scopeKey) })}>
                        PDF
                      </a>{' '}
                      ·{' '}
                      <a href={`/api/programme/reports/${r.id}?format=xlsx`} download aria-label={t('reports.xlsxOf', { date: r.reportDate, scope: scopeName(r.scopeKey) })}>
                        XLSX
                      </a>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </div>
  );
}

'use client';

import { useLocale, useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { useAlertTitle } from '@/components/alerts/alert-text';
import { useFormats } from '@/components/app/use-formats';
import { ApiError, apiFetch, errorMessage } from '@/lib/api/client';
import type { SituationReport } from '@/lib/reports/situation';
import { TableHead } from '@/components/app/table-head';

/** A situation report: its figures and notable alerts, the narrative (a draft is edited), signing. */
export function ReportEditor({ initial, canWrite }: { initial: SituationReport; canWrite: boolean }) {
  const t = useTranslations('reports');
  const ta = useTranslations('alerts');
  const tv = useTranslations('verify');
  const f = useFormats();
  const en = useLocale() === 'en';
  const title = useAlertTitle();
  const router = useRouter();
  const [report, setReport] = useState(initial);
  const [narrative, setNarrative] = useState(initial.narrative);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const [confirming, setConfirming] = useState(false);
  const draft = report.status === 'draft';
  const editable = draft && canWrite;
  const fig = report.figures;
  const duration = (s: number | null) => (s === null ? '—' : f.duration(s));

  const run = async (work: () => Promise<SituationReport | void>, done: string) => {
    setBusy(true);
    setMessage(null);
    try {
      const next = await work();
      if (next) {
        setReport(next);
        setNarrative(next.narrative);
      }
      setMessage({ kind: 'ok', text: done });
    } catch (e) {
      if (e instanceof ApiError && e.status === 409) {
        const fresh = await apiFetch<SituationReport>(`/api/situation-reports/${report.id}`).catch(() => null);
        if (fresh) setReport(fresh);
      }
      setMessage({ kind: 'error', text: errorMessage(e) });
    } finally {
      setBusy(false);
      setConfirming(false);
    }
  };
  const save = (refresh = false) =>
    run(() => apiFetch<SituationReport>(`/api/situation-reports/${report.id}`, { method: 'PATCH', body: { version: report.version, narrative, ...(refresh ? { refresh: true } : {}) } }), t(refresh ? 'refreshed' : 'saved'));
  const sign = () =>
    run(async () => {
      // What is signed is what is on the screen: the narrative is saved first.
      let current = report;
      if (narrative !== report.narrative) current = await apiFetch<SituationReport>(`/api/situation-reports/${report.id}`, { method: 'PATCH', body: { version: report.version, narrative } });
      return apiFetch<SituationReport>(`/api/situation-reports/${report.id}/sign`, { method: 'POST', body: { version: current.version } });
    }, t('signedNow'));
  const correct = async () => {
    setBusy(true);
    try {
      const { id } = await apiFetch<{ id: string }>('/api/situation-reports', { method: 'POST', body: { correctsId: report.id } });
      router.push(`/reports/${id}`);
    } catch (e) {
      setMessage({ kind: 'error', text: errorMessage(e) });
      setBusy(false);
    }
  };

  const figures: [string, string][] = [
    [t('fig.crossedInto'), `${f.number(fig.crossings.into)} · ${t('fig.people', { count: fig.crossings.peopleInto })}`],
    [t('fig.crossedOut'), `${f.number(fig.crossings.out)} · ${t('fig.people', { count: fig.crossings.peopleOut })}`],
    [t('fig.alertsRaised'), f.number(fig.alerts.raised)],
    [t('fig.acknowledged'), f.number(fig.alerts.acknowledged)],
    [t('fig.resolved'), f.number(fig.alerts.resolved)],
    [t('fig.dismissed'), f.number(fig.alerts.dismissed)],
    [t('fig.escalated'), f.number(fig.alerts.escalated)],
    [t('fig.medianAck'), duration(fig.alerts.medianAckSeconds)],
    [t('fig.medianResolve'), duration(fig.alerts.medianResolveSeconds)],
    [t('fig.intercepted'), f.number(fig.alerts.intercepted)],
    [t('fig.tips'), f.number(fig.tips)],
    [t('fig.cameraUptime'), fig.cameras.uptimePct === null ? '—' : f.percent(fig.cameras.uptimePct / 100, 1)],
    [t('fig.camerasWentDown'), f.number(fig.cameras.wentDown)],
    [t('fig.postsStaffed'), `${f.number(fig.posts.staffedAtStart)}/${f.number(fig.posts.total)} · ${t('fig.officers', { count: fig.posts.officersAtStart })}`],
  ];

  return (
    <div className="page report" data-testid="report" data-status={report.status}>
      <h1>{t('shiftLabel', { shift: report.shiftIndex + 1, date: f.date(report.periodStart), from: f.time(report.periodStart) })}</h1>
      <p className="muted">
        {t('period', { shift: report.shiftIndex + 1, date: f.date(report.periodStart), from: f.time(report.periodStart), to: f.time(report.periodEnd) })} · {t('author')}: {report.authorName}
      </p>
      {report.correctsId && (
        <p>
          <a href={`/reports/${report.correctsId}`}>{t('correctsLink')}</a>
        </p>
      )}
      {report.correctedBy.length > 0 && (
        <p className="notice">
          {t('correctedNotice')}{' '}
          {report.correctedBy.map((id, i) => (
            <a key={id} href={`/reports/${id}`}>
              {t('correctionN', { n: i + 1 })}
            </a>
          ))}
        </p>
      )}
      {report.status === 'signed' ? (
        <div className="signed-seal" data-testid="signed-seal">
          <strong>{t('signedBy', { name: report.signerName ?? '', time: f.dateTime(report.signedAt!) })}</strong>
          <p className="hash">
            {t('hash')}: {report.contentHash}
          </p>
          {report.signatureKeyId && (
            <p className="hash" data-testid="signature-key">
              {tv('seal', { keyId: report.signatureKeyId })} <a href={`/verify?id=${report.id}`}>{tv('checkLink')}</a>
            </p>
          )}
          <p className={report.hashValid ? 'muted' : 'error'}>{report.hashValid ? t('hashValid') : t('hashInvalid')}</p>
        </div>
      ) : (
        <p className="notice">{t('draftNotice')}</p>
      )}

      <section className="panel" aria-labelledby="fig-heading">
        <h2 id="fig-heading">{t('figures')}</h2>
        <dl className="figure-grid" data-testid="report-figures">
          {figures.map(([label, value]) => (
            <div key={label}>
              <dt>{label}</dt>
              <dd>{value}</dd>
            </div>
          ))}
        </dl>
        {fig.crossings.byZone.length > 0 && (
          <table className="data">
            <caption className="sr-only">{t('byZone')}</caption>
            <TableHead columns={[t('zone'), { label: t('into'), numeric: true }, { label: t('out'), numeric: true }]} />
            <tbody>
              {fig.crossings.byZone.slice(0, 20).map((z) => (
                <tr key={z.zoneId}>
                  <th scope="row">{(en && z.nameEn) || z.name}</th>
                  <td className="num">{f.number(z.into)}</td>
                  <td className="num">{f.number(z.out)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      <section className="panel" aria-labelledby="notable-heading">
        <h2 id="notable-heading">{t('notable')}</h2>
        {report.notableAlerts.length === 0 ? (
          <p className="muted">{t('none')}</p>
        ) : (
          <ul className="gap-list" data-testid="notable-alerts">
            {report.notableAlerts.map((a) => (
              <li key={a.groupId} className={a.severity === 'critical' ? 'critical' : 'warning'}>
                {f.time(a.firstAt)} · <a href={`/alerts?alert=${a.groupId}`}>{title(a)}</a> · {ta(`status.${a.status}` as 'status.new')}
                {a.outcome ? ` · ${ta(`outcome.${a.outcome}` as 'outcome.intercepted')}` : ''}
                {a.interceptedCount ? ` · ${ta('interceptedCount', { count: a.interceptedCount })}` : ''}
              </li>
            ))}
          </ul>
        )}
      </section>

      <section className="panel report-body" aria-labelledby="narrative-heading">
        <h2 id="narrative-heading">{t('narrative')}</h2>
        {editable ? (
          <textarea value={narrative} onChange={(e) => setNarrative(e.target.value)} maxLength={20_000} aria-labelledby="narrative-heading" data-testid="narrative" />
        ) : (
          <p className="prewrap">{report.narrative.trim() || t('noNarrative')}</p>
        )}
        <div className="toolbar">
          {editable && (
            <>
              <button type="button" className="button" disabled={busy} onClick={() => void save()} data-testid="save-report">
                {t('save')}
              </button>
              <button type="button" className="button" disabled={busy} onClick={() => void save(true)}>
                {t('refresh')}
              </button>
              {confirming ? (
                <>
                  <span>{t('signConfirm')}</span>
                  <button type="button" className="button primary" disabled={busy} onClick={() => void sign()} data-testid="confirm-sign">
                    {t('signYes')}
                  </button>
                  <button type="button" className="button ghost" onClick={() => setConfirming(false)}>
                    {t('cancel')}
                  </button>
                </>
              ) : (
                <button type="button" className="button primary" disabled={busy} onClick={() => setConfirming(true)} data-testid="sign-report">
                  {t('sign')}
                </button>
              )}
            </>
          )}
          {!draft && canWrite && (
            <button type="button" className="button" disabled={busy} onClick={() => void correct()} data-testid="correct-report">
              {t('writeCorrection')}
            </button>
          )}
          <a className="button" href={`/api/situation-reports/${report.id}/pdf`} data-testid="report-pdf">
            {t('pdf')}
          </a>
        </div>
        {message && (
          <p className={message.kind === 'error' ? 'error' : 'muted'} role={message.kind === 'error' ? 'alert' : 'status'}>
            {message.text}
          </p>
        )}
      </section>
    </div>
  );
}

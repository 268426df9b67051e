'use client';

import dynamic from 'next/dynamic';
import { useLocale, useTranslations } from 'next-intl';
import { useEffect, useState } from 'react';
import { AlertActions } from '@/components/alerts/alert-actions';
import { useAlertTitle } from '@/components/alerts/alert-text';
import { AlertVideo } from '@/components/alerts/alert-video';
import { ApiErrorNotice } from '@/components/app/api-error';
import { revalidateApi, useApi } from '@/components/app/use-api';
import { useFormats } from '@/components/app/use-formats';
import type { AlertContext } from '@/lib/alerts/context';
import { ApiError, apiFetch, errorMessage } from '@/lib/api/client';
import { formatCoordinate } from '@/lib/geo/coordinates';

const AlertMap = dynamic(() => import('@/components/alerts/alert-map'), { ssr: false, loading: () => <div className="alert-map placeholder" /> });

/** One alert group: its video first, then its place, evidence, teams, neighbours and history. */
export function AlertDetail({ groupId, canHandle, onSelect }: { groupId: string; canHandle: boolean; onSelect: (id: string) => void }) {
  const t = useTranslations('alerts');
  const locale = useLocale();
  const format = useFormats();
  const title = useAlertTitle();
  const { data: context, error } = useApi<AlertContext>(`/api/alerts/${groupId}`);
  // An alert that joined an incident opens as that incident.
  useEffect(() => {
    if (context && context.group.id !== groupId) onSelect(context.group.id);
  }, [context, groupId, onSelect]);
  const load = () => revalidateApi('/api/alerts');

  if (error && !context) return error instanceof ApiError && error.status === 404 ? <p className="error">{t('notFound')}</p> : <ApiErrorNotice error={error} />;
  if (!context) return <p className="muted">{t('loading')}</p>;
  const { group, members, history, dispatches } = context;
  const name = (vi: string | null, en: string | null) => (locale === 'en' ? en || vi : vi) ?? '';
  const coordinates = group.lon !== null && group.lat !== null ? formatCoordinate(group.lon, group.lat, 'dd', locale === 'vi' ? ',' : '.') : null;
  const vn2000 = group.lon !== null && group.lat !== null ? formatCoordinate(group.lon, group.lat, 'vn2000', locale === 'vi' ? ',' : '.') : null;

  return (
    <article className="alert-detail" data-testid="alert-detail" data-status={group.status} data-version={group.version}>
      <header className="alert-detail-head">
        <h2>{title(group)}</h2>
        <p className="row-meta">
          <span className={`status-badge status-${group.status}`} data-testid="alert-status">
            {t(`status.${group.status}`)}
          </span>
          <span className={`status-badge sev-${group.severity}`}>{t(`severity.${group.severity}` as 'severity.critical')}</span>
          {group.escalated && <span className="status-badge escalated">{t('escalated')}</span>}
          {group.newActivity && <span className="status-badge new-activity">{t('newActivity')}</span>}
          {group.priority > 0 && <span className={`badge priority-${group.priority}`}>{t(`priority.${group.priority}` as 'priority.1')}</span>}
          {group.count > 1 && <span className="badge">{t('incidentOf', { count: group.count })}</span>}
          {group.snoozedUntil && (
            <span className="status-badge snoozed" data-testid="alert-snoozed">
              {t('snoozedUntil', { time: format.time(group.snoozedUntil) })}
              {group.snoozeReason ? ` · ${group.snoozeReason}` : ''}
            </span>
          )}
          {group.assigneeName && (
            <span className="assignee" data-testid="alert-assignee">
              {t('assignedTo', { name: group.assigneeName })}
            </span>
          )}
        </p>
        <dl className="kv compact">
          <div className="row">
            <dt>{group.count > 1 ? t('firstAt') : t('occurredAt')}</dt>
            <dd>{format.dateTimeSeconds(group.firstAt)}</dd>
          </div>
          {group.count > 1 && (
            <div className="row">
              <dt>{t('latestAt')}</dt>
              <dd data-testid="alert-latest">
                {format.dateTimeSeconds(group.lastAt)}
                {group.crossings > 0 ? ` · ${t('crossingCount', { count: group.crossings })}` : ''}
              </dd>
            </div>
          )}
          <div className="row">
            <dt>{t('raisedAt')}</dt>
            <dd>{format.dateTimeSeconds(group.raisedAt)}</dd>
          </div>
          {group.zoneName && (
            <div className="row">
              <dt>{t('zone')}</dt>
              <dd>{name(group.zoneName, group.zoneNameEn)}</dd>
            </div>
          )}
          {coordinates && (
            <div className="row">
              <dt>{t('position')}</dt>
              <dd>
                {coordinates}
                <br />
                VN-2000: {vn2000}
              </dd>
            </div>
          )}
          {group.outcome && (
            <div className="row">
              <dt>{t('outcomeLabel')}</dt>
              <dd>
                {t(`outcome.${group.outcome}` as 'outcome.intercepted')}
                {group.interceptedCount ? ` · ${t('interceptedCount', { count: group.interceptedCount })}` : ''}
              </dd>
            </div>
          )}
        </dl>
      </header>

      {canHandle && <AlertActions context={context} onDone={load} onConflict={load} />}

      <AlertVideo context={context} onChange={load} />

      <div className="alert-detail-grid">
        <section aria-labelledby="alert-map-h">
          <h3 id="alert-map-h">{t('place')}</h3>
          <AlertMap context={context} />
          {group.lon !== null && (
            <p>
              <a href={`/map?focus=alerts/${group.id}`}>{t('openOnMap')}</a>
            </p>
          )}
        </section>

      </div>

      {context.tips.length > 0 && (
        <section aria-labelledby="alert-tips-h">
          <h3 id="alert-tips-h">{t('tip.heading')}</h3>
          {context.tips.map((tip) => (
            <dl className="kv compact" key={tip.id} data-testid="tip-detail">
              <div className="row">
                <dt>{t('tip.receivedAt')}</dt>
                <dd>
                  {format.dateTime(tip.receivedAt)} · {t(`tip.channel.${tip.channel}` as 'tip.channel.phone')}
                </dd>
              </div>
              {tip.placeText && (
                <div className="row">
                  <dt>{t('tip.place')}</dt>
                  <dd>{tip.placeText}</dd>
                </div>
              )}
              <div className="row">
                <dt>{t('tip.description')}</dt>
                <dd className="prewrap">{tip.description}</dd>
              </div>
              {tip.peopleCount !== null && (
                <div className="row">
                  <dt>{t('tip.people')}</dt>
                  <dd>{format.number(tip.peopleCount)}</dd>
                </div>
              )}
              {'reporterName' in tip && (
                <div className="row">
                  <dt>{t('tip.reporter')}</dt>
                  <dd data-testid="tip-reporter">{[tip.reporterName, tip.reporterPhone].filter(Boolean).join(' · ') || t('tip.anonymous')}</dd>
                </div>
              )}
              {tip.recordedByName && (
                <div className="row">
                  <dt>{t('tip.recordedBy')}</dt>
                  <dd>{tip.recordedByName}</dd>
                </div>
              )}
            </dl>
          ))}
        </section>
      )}

      {context.evidence.length > 0 && (
        <section aria-labelledby="alert-evidence-h">
          <h3 id="alert-evidence-h">{t('evidence')}</h3>
          {context.evidence.map((e) => (
            <div key={e.alertId} className="evidence">
              <p>
                <a href={`/events/crossings/${e.crossing.event.id}`}>
                  {t('crossingEvidence', {
                    time: format.timeSeconds(e.crossing.event.at),
                    camera: e.crossing.event.cameraName,
                    points: e.crossing.track.length,
                  })}
                </a>
              </p>
              {e.snapshots.length > 0 && (
                <div className="snapshots">
                  {e.snapshots.map((id) => (
                    // eslint-disable-next-line @next/next/no-img-element -- a JPEG the API serves with the user's permission check
                    <img key={id} src={`/api/activity/detections/${id}/snapshot`} alt={t('snapshotAlt', { id })} loading="lazy" />
                  ))}
                </div>
              )}
            </div>
          ))}
          {context.evidence.every((e) => e.snapshots.length === 0) && <p className="muted">{t('snapshotsMissing')}</p>}
        </section>
      )}

      {members.length > 1 && (
        <section aria-labelledby="alert-members-h">
          <h3 id="alert-members-h">{t('members')}</h3>
          <ul className="plain">
            {members.map((m) => (
              <li key={m.id}>
                {format.timeSeconds(m.occurredAt)} · {title({ ...m, directions: m.direction ? [m.direction] : [], people: m.count, classes: m.class ? [m.class] : [] })} ·{' '}
                <span className={`status-badge status-${m.status}`}>{t(`status.${m.status}`)}</span>
              </li>
            ))}
          </ul>
        </section>
      )}

      {dispatches.length > 0 && (
        <section aria-labelledby="alert-dispatch-h">
          <h3 id="alert-dispatch-h">{t('dispatches')}</h3>
          <ul className="plain dispatch-list">
            {dispatches.map((d) => (
              <li key={d.id} data-testid="dispatch">
                <strong>{d.teamName}</strong> ({name(d.checkpointName, d.checkpointNameEn)}, {t('officers', { count: d.officerCount })}) · {format.distance(d.distanceM)} ·{' '}
                {t('sentAt', { time: format.time(d.dispatchedAt), name: d.dispatchedByName ?? '' })}
                {d.report ? (
                  <p className="prewrap">
                    {t('reportedAt', { time: format.time(d.reportedAt!), name: d.reportedByName ?? '' })}: {d.report}
                  </p>
                ) : (
                  canHandle && <ReportBack dispatchId={d.id} onDone={load} />
                )}
              </li>
            ))}
          </ul>
        </section>
      )}

      {context.nearby.length > 0 && (
        <section aria-labelledby="alert-nearby-h">
          <h3 id="alert-nearby-h">{t('nearby', { metres: context.grouping.radiusM * 3, minutes: context.grouping.windowMinutes * 3 })}</h3>
          <ul className="plain">
            {context.nearby.map((n) => (
              <li key={n.id}>
                <button type="button" className="link" onClick={() => onSelect(n.id)}>
                  {format.time(n.firstAt)} · {title(n)} · {t(`status.${n.status}`)}
                </button>
              </li>
            ))}
          </ul>
        </section>
      )}

      <section aria-labelledby="alert-history-h">
        <h3 id="alert-history-h">{t('history')}</h3>
        <ol className="history" data-testid="alert-history">
          {history.map((h) => (
            <li key={h.id}>
              <time dateTime={h.at}>{format.dateTimeSeconds(h.at)}</time> · {h.actorName ?? t('system')} ·{' '}
              {t(`historyAction.${h.action}` as 'historyAction.raised')}
              {h.toStatus && h.fromStatus !== h.toStatus ? ` → ${t(`status.${h.toStatus}` as 'status.new')}` : ''}
              {typeof h.details?.outcome === 'string' ? ` · ${t(`outcome.${h.details.outcome}` as 'outcome.intercepted')}` : ''}
              {typeof h.details?.reason === 'string' ? ` · ${h.details.reason}` : ''}
              {typeof h.details?.note === 'string' ? ` · ${h.details.note}` : ''}
            </li>
          ))}
        </ol>
      </section>
    </article>
  );
}

function ReportBack({ dispatchId, onDone }: { dispatchId: string; onDone: () => void }) {
  const t = useTranslations('alerts');
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  return (
    <form
      className="report-back"
      onSubmit={(e) => {
        e.preventDefault();
        setBusy(true);
        apiFetch(`/api/dispatches/${dispatchId}/report`, { method: 'POST', body: { report: text } })
          .then(() => {
            setText('');
            onDone();
          })
          .catch((err: unknown) => setError(errorMessage(err)))
          .finally(() => setBusy(false));
      }}
    >
      <label>
        {t('reportBack')}
        <textarea value={text} onChange={(e) => setText(e.target.value)} rows={2} required maxLength={4000} />
      </label>
      <button type="submit" className="button small" disabled={busy || !text.trim()}>
        {t('saveReport')}
      </button>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}

'use client';

import { useTranslations } from 'next-intl';
import { useAlertTitle } from '@/components/alerts/alert-text';
import { useFormats } from '@/components/app/use-formats';
import type { AlertGroupRow } from '@/db/queries/alerts';

/**
 * One incident in the inbox: what and where, how many crossings over what span of time, its
 * state and whether something new joined it while it was being handled, how long is left before
 * it is overdue, who has it, its priority, and whether it was put aside.
 */
export function AlertRow({ group: g, selected, now, onSelect }: { group: AlertGroupRow; selected: boolean; now: number; onSelect: (id: string) => void }) {
  const t = useTranslations('alerts');
  const format = useFormats();
  const title = useAlertTitle();
  const dueMs = g.dueAt ? Date.parse(g.dueAt) - now : null;
  const overdue = dueMs !== null && dueMs <= 0;
  const snoozed = g.snoozedUntil !== null;
  return (
    <button
      type="button"
      className={`inbox-row sev-${g.severity} status-${g.status}${selected ? ' selected' : ''}${snoozed ? ' snoozed' : ''}${overdue ? ' overdue' : ''}`}
      aria-pressed={selected}
      onClick={() => onSelect(g.id)}
      data-testid="inbox-row"
      data-alert-id={g.id}
      data-status={g.status}
      data-new-activity={g.newActivity}
      data-overdue={overdue}
    >
      <span className="row-top">
        <span className={`severity-dot sev-${g.severity}`} aria-hidden="true" />
        <span className="row-title">{title(g)}</span>
        {g.priority > 0 && <span className={`badge priority-${g.priority}`}>{t(`priority.${g.priority}` as 'priority.1')}</span>}
        {g.count > 1 && <span className="badge">{g.crossings > 1 ? t('crossingCount', { count: g.crossings }) : t('groupCount', { count: g.count })}</span>}
      </span>
      <span className="row-meta">
        <span className={`status-badge status-${g.status}`}>{t(`status.${g.status}`)}</span>
        {g.newActivity && <span className="status-badge new-activity">{t('newActivity')}</span>}
        {snoozed ? (
          <span className="status-badge snoozed" title={g.snoozeReason ?? undefined}>
            {t('snoozedUntil', { time: format.time(g.snoozedUntil!) })}
          </span>
        ) : (
          dueMs !== null && (
            <span className={`due${overdue ? ' overdue' : dueMs < 60_000 ? ' soon' : ''}`} data-testid="row-due">
              {overdue ? t('overdueBy', { time: format.duration(-dueMs / 1000) }) : t('dueIn', { time: format.duration(dueMs / 1000) })}
            </span>
          )
        )}
        {g.assigneeName && <span className="assignee">{t('assignedTo', { name: g.assigneeName })}</span>}
        <time dateTime={g.lastAt} title={`${t('firstAt')}: ${format.dateTimeSeconds(g.firstAt)} · ${t('latestAt')}: ${format.dateTimeSeconds(g.lastAt)}`}>
          {g.count > 1 && g.firstAt !== g.lastAt ? t('span', { from: format.time(g.firstAt), to: format.time(g.lastAt) }) : format.time(g.lastAt)} · {format.relative(g.lastAt, now)}
        </time>
      </span>
    </button>
  );
}

'use client';

import Link from 'next/link';
import { useTranslations } from 'next-intl';
import { useCallback, useEffect, useRef } from 'react';
import { useAlertTitle } from '@/components/alerts/alert-text';
import { keepTitleCount, signalAlert, type TitleCountKeeper } from '@/components/alerts/alert-signals';
import { useApi } from '@/components/app/use-api';
import { useLiveEvents } from '@/components/live/use-live-events';
import type { AlertSummary } from '@/db/queries/alerts';

/**
 * The alert count in the header of every page, for everyone who reads alerts: it keeps the tab
 * title's count, sounds and notifies a new critical alert, and tells leadership of escalations.
 */
export function AlertBadge({ notifyEscalations }: { notifyEscalations: boolean }) {
  const t = useTranslations('alerts');
  const title = useAlertTitle();
  // A failed load keeps the last count and is retried (useApi); the badge says so by its title.
  const { data: summary, error, mutate } = useApi<AlertSummary>('/api/alerts/summary');
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  // Bursts of alert events reload the count once.
  const refresh = useCallback(() => {
    clearTimeout(timer.current);
    timer.current = setTimeout(() => void mutate(), 200);
  }, [mutate]);
  useEffect(() => () => clearTimeout(timer.current), []);

  const titleKeeper = useRef<TitleCountKeeper | null>(null);
  useEffect(() => {
    const keeper = keepTitleCount();
    titleKeeper.current = keeper;
    return () => {
      keeper.stop();
      titleKeeper.current = null;
    };
  }, []);
  useEffect(() => {
    if (summary) titleKeeper.current?.set(summary.new);
  }, [summary]);

  useLiveEvents(
    (event) => {
      if (event.topic !== 'alert') return;
      refresh();
      const raisedCritical = event.change === 'raised' && event.severity === 'critical';
      const escalated = event.change === 'escalated' && notifyEscalations;
      if (!raisedCritical && !escalated) return;
      signalAlert(
        {
          alertId: event.alertId,
          kind: event.kind,
          severity: event.severity,
          reason: escalated ? 'escalated' : 'raised',
          title: escalated ? t('notify.escalated') : t('notify.new'),
          body: title({ ...event, people: event.people }),
        },
        `/alerts?alert=${event.incidentId ?? event.alertId}`,
      );
    },
    refresh,
  );

  const count = summary?.new ?? 0;
  const label = error && !summary ? t('badgeUnavailable') : t('badge', { count, open: summary?.open ?? 0 });
  return (
    <Link
      href="/alerts"
      className={`alert-badge${summary?.newCritical ? ' critical' : ''}${summary?.escalated ? ' escalated' : ''}`}
      data-testid="alert-badge"
      aria-label={label}
      title={label}
    >
      {/* Drawn, not an emoji: an air-gapped workstation may have no emoji font. */}
      <svg width="14" height="14" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
        <path fill="currentColor" d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22Zm7-6V11a7 7 0 0 0-5.5-6.84V3.5a1.5 1.5 0 0 0-3 0v.66A7 7 0 0 0 5 11v5l-2 2v1h18v-1l-2-2Z" />
      </svg>
      <span className="alert-badge-count" aria-hidden="true">
        {count}
      </span>
    </Link>
  );
}

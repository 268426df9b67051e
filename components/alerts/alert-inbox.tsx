'use client';

import dynamic from 'next/dynamic';
import { useTranslations } from 'next-intl';
import { useCallback, useEffect, useRef, useState } from 'react';
import { AlertDetail } from '@/components/alerts/alert-detail';
import { AlertFilters, type InboxFilter } from '@/components/alerts/alert-filters';
import { AlertRow } from '@/components/alerts/alert-row';
import { askNotificationPermission, setSoundEnabled, soundEnabled } from '@/components/alerts/alert-signals';
import { useSelectionChannel } from '@/components/alerts/use-selection-channel';
import { TipForm } from '@/components/alerts/tip-form';
import { ApiErrorNotice } from '@/components/app/api-error';
import { revalidateApi, useApi } from '@/components/app/use-api';
import { useMediaQuery } from '@/components/app/use-media-query';
import { useLiveEvents } from '@/components/live/use-live-events';
import type { AlertGroupRow } from '@/db/queries/alerts';

// The incident map loads only on wide screens, where it has room beside the list and the detail.
const IncidentMap = dynamic(() => import('@/components/alerts/incident-map'), { ssr: false });

/** Wide screens (a duty officer's 1600 px and up) hold the list, the map and the detail side by side. */
export const WIDE_WORKSPACE = '(min-width: 1600px)';

interface ZoneOption {
  id: string;
  name: string;
  nameEn: string | null;
  kind: string;
}

/**
 * The alert inbox: every alert source in one live list, one row per incident, the one selected
 * open beside it with its video and everything needed to handle it; on a wide screen a map of
 * the open incidents between them. The detail can follow the selection in a second window.
 */
export function AlertInbox({
  zones,
  canHandle,
  canTip,
  initialAlert,
  initialFilter,
}: {
  zones: ZoneOption[];
  canHandle: boolean;
  canTip: boolean;
  initialAlert: string | null;
  initialFilter?: Pick<InboxFilter, 'state' | 'kinds'>;
}) {
  const t = useTranslations('alerts');
  const [filter, setFilter] = useState<InboxFilter>({ state: 'open', kinds: [], severity: '', zone: '', sort: 'attention', ...initialFilter });
  const [selected, setSelected] = useState<string | null>(initialAlert);
  const [tipOpen, setTipOpen] = useState(false);
  const [sound, setSound] = useState(true);
  const [permission, setPermission] = useState<string>('default');
  const [now, setNow] = useState(() => Date.now());
  const wide = useMediaQuery(WIDE_WORKSPACE);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  const query = new URLSearchParams({ state: filter.state, sort: filter.sort, limit: '300' });
  if (filter.kinds.length) query.set('kind', filter.kinds.join(','));
  if (filter.severity) query.set('severity', filter.severity);
  if (filter.zone) query.set('zone', filter.zone);
  const { data, error } = useApi<{ groups: AlertGroupRow[] }>(`/api/alerts?${query.toString()}`);
  const groups = data?.groups ?? null;

  useEffect(() => {
    // Browser-only facts (stored preference, notification permission), read once after hydration.
    // eslint-disable-next-line react-hooks/set-state-in-effect
    setSound(soundEnabled());
    setPermission(typeof Notification === 'undefined' ? 'unsupported' : Notification.permission);
    // Time left before overdue counts down on screen.
    const tick = setInterval(() => setNow(Date.now()), 10_000);
    return () => clearInterval(tick);
  }, []);

  // The URL names the open alert, so it can be shared and survives a reload.
  useEffect(() => {
    const url = new URL(window.location.href);
    if (selected) url.searchParams.set('alert', selected);
    else url.searchParams.delete('alert');
    window.history.replaceState(null, '', url);
  }, [selected]);
  const select = useCallback((id: string | null) => setSelected(id), []);
  // A second window (a second monitor) shows the detail of whatever is selected here.
  const { openFollower } = useSelectionChannel(selected, 'leader');

  const connected = useLiveEvents(
    (event) => {
      if (event.topic !== 'alert') return;
      // A burst of changes reloads the list (and an open detail) once.
      clearTimeout(timer.current);
      timer.current = setTimeout(() => revalidateApi('/api/alerts'), 150);
    },
    () => revalidateApi('/api/alerts'),
  );

  return (
    <div className={`inbox${wide ? ' wide' : ''}`} data-testid="alert-inbox" data-connected={connected}>
      <section className="inbox-list" aria-labelledby="inbox-heading">
        <div className="inbox-head">
          <h1 id="inbox-heading">{t('inbox')}</h1>
          <div className="inbox-head-actions">
            {canTip && (
              <button type="button" className="button primary" onClick={() => setTipOpen(true)} data-testid="record-tip">
                {t('tip.record')}
              </button>
            )}
            <label className="toggle">
              <input
                type="checkbox"
                checked={sound}
                onChange={(e) => {
                  setSound(e.target.checked);
                  setSoundEnabled(e.target.checked);
                }}
              />
              {t('sound')}
            </label>
            {permission === 'default' && (
              <button type="button" className="button small" onClick={() => void askNotificationPermission().then((p) => setPermission(p))}>
                {t('enableNotifications')}
              </button>
            )}
          </div>
        </div>
        <AlertFilters value={filter} onChange={setFilter} zones={zones} />
        <ApiErrorNotice error={error} />
        <p className="inbox-count" aria-live="polite" data-testid="inbox-count">
          {groups ? t('count', { count: groups.length }) : t('loading')}
        </p>
        <ul className="inbox-rows" data-testid="inbox-rows">
          {groups?.map((g) => (
            <li key={g.id}>
              <AlertRow group={g} selected={g.id === selected} now={now} onSelect={select} />
            </li>
          ))}
        </ul>
        {groups && groups.length === 0 && <p className="muted">{t(filter.state === 'open' ? 'emptyOpen' : 'empty')}</p>}
      </section>
      {wide && (
        <section className="inbox-map" aria-label={t('incidentMap')}>
          <IncidentMap groups={groups ?? []} selected={selected} onSelect={select} />
        </section>
      )}
      <section className="inbox-detail" aria-label={t('detail')}>
        {selected && (
          <p className="inbox-detail-tools">
            <button type="button" className="button small ghost" onClick={openFollower} data-testid="second-window">
              {t('secondWindow')}
            </button>
          </p>
        )}
        {selected ? <AlertDetail key={selected} groupId={selected} canHandle={canHandle} onSelect={select} /> : <p className="muted inbox-hint">{t('selectHint')}</p>}
      </section>
      {tipOpen && (
        <TipForm
          onClose={() => setTipOpen(false)}
          onRecorded={(alertId) => {
            setTipOpen(false);
            setSelected(alertId);
            revalidateApi('/api/alerts');
          }}
        />
      )}
    </div>
  );
}

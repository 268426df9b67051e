'use client';

import { useTranslations } from 'next-intl';
import { useCallback, useEffect, useRef, useState } from 'react';
import { AlertDetail } from '@/components/alerts/alert-detail';
import { askNotificationPermission, setSoundEnabled, soundEnabled } from '@/components/alerts/alert-signals';
import { useAlertTitle } from '@/components/alerts/alert-text';
import { TipForm } from '@/components/alerts/tip-form';
import { useFormats } from '@/components/app/use-formats';
import { useLiveEvents } from '@/components/live/use-live-events';
import type { AlertGroupRow } from '@/db/queries/alerts';
import { ALERT_KINDS, ALERT_SEVERITIES } from '@/lib/domain/alerts';
import { apiFetch, ApiError } from '@/lib/api/client';

type StateFilter = 'open' | 'new' | 'acknowledged' | 'dispatched' | 'closed' | 'all';

interface ZoneOption {
  id: string;
  name: string;
  nameEn: string | null;
  kind: string;
}

/**
 * The alert inbox: every alert source in one live list, one row per incident (alerts of the
 * same event together), the one selected open beside it with everything needed to handle it.
 */
export function AlertInbox({ zones, canHandle, canTip, initialAlert }: { zones: ZoneOption[]; canHandle: boolean; canTip: boolean; initialAlert: string | null }) {
  const t = useTranslations('alerts');
  const format = useFormats();
  const title = useAlertTitle();
  const [state, setState] = useState<StateFilter>('open');
  const [kinds, setKinds] = useState<string[]>([]);
  const [severity, setSeverity] = useState('');
  const [zone, setZone] = useState('');
  const [sort, setSort] = useState<'attention' | 'time'>('attention');
  const [groups, setGroups] = useState<AlertGroupRow[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [selected, setSelected] = useState<string | null>(initialAlert);
  const [detailKey, setDetailKey] = useState(0);
  const [tipOpen, setTipOpen] = useState(false);
  const [sound, setSound] = useState(true);
  const [permission, setPermission] = useState<string>('default');
  const [now, setNow] = useState(() => Date.now());
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const selectedRef = useRef(selected);
  useEffect(() => {
    selectedRef.current = selected;
  }, [selected]);

  const query = new URLSearchParams({ state, sort, limit: '300' });
  if (kinds.length) query.set('kind', kinds.join(','));
  if (severity) query.set('severity', severity);
  if (zone) query.set('zone', zone);
  const queryString = query.toString();

  const load = useCallback(() => {
    apiFetch<{ groups: AlertGroupRow[] }>(`/api/alerts?${queryString}`)
      .then((r) => {
        setGroups(r.groups);
        setError(null);
        setNow(Date.now());
      })
      .catch((e: unknown) => setError(e instanceof ApiError ? e.details : String(e)));
  }, [queryString]);

  useEffect(load, [load]);
  useEffect(() => {
    // Browser-only facts (stored preference, notification permission), read once after hydration.
    // eslint-disable-next-line react-hooks/set-state-in-effect
    setSound(soundEnabled());
    setPermission(typeof Notification === 'undefined' ? 'unsupported' : Notification.permission);
    const tick = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(tick);
  }, []);

  // The URL names the open alert, so it can be shared and survives a reload.
  useEffect(() => {
    const url = new URL(window.location.href);
    if (selected) url.searchParams.set('alert', selected);
    else url.searchParams.delete('alert');
    window.history.replaceState(null, '', url);
  }, [selected]);

  const connected = useLiveEvents(
    (event) => {
      if (event.topic !== 'alert') return;
      clearTimeout(timer.current);
      timer.current = setTimeout(load, 150);
      const current = selectedRef.current;
      if (current && (event.alertId === current || event.incidentId === current)) setDetailKey((k) => k + 1);
    },
    () => {
      load();
      setDetailKey((k) => k + 1);
    },
  );

  const toggleKind = (kind: string) => setKinds((list) => (list.includes(kind) ? list.filter((k) => k !== kind) : [...list, kind]));
  const zoneName = (z: ZoneOption) => (format.locale === 'en' ? z.nameEn || z.name : z.name);

  return (
    <div className="inbox" data-testid="alert-inbox" data-connected={connected}>
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
        <form className="inbox-filters" onSubmit={(e) => e.preventDefault()} aria-label={t('filters')}>
          <label>
            {t('filter.state')}
            <select value={state} onChange={(e) => setState(e.target.value as StateFilter)} data-testid="filter-state">
              {(['open', 'new', 'acknowledged', 'dispatched', 'closed', 'all'] as const).map((s) => (
                <option key={s} value={s}>
                  {t(`stateFilter.${s}`)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('filter.severity')}
            <select value={severity} onChange={(e) => setSeverity(e.target.value)}>
              <option value="">{t('filter.any')}</option>
              {[...ALERT_SEVERITIES].reverse().map((s) => (
                <option key={s} value={s}>
                  {t(`severity.${s}`)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('filter.zone')}
            <select value={zone} onChange={(e) => setZone(e.target.value)}>
              <option value="">{t('filter.any')}</option>
              {zones.map((z) => (
                <option key={z.id} value={z.id}>
                  {zoneName(z)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('filter.sort')}
            <select value={sort} onChange={(e) => setSort(e.target.value as 'attention' | 'time')}>
              <option value="attention">{t('sortAttention')}</option>
              <option value="time">{t('sortTime')}</option>
            </select>
          </label>
          <fieldset className="kind-chips">
            <legend>{t('filter.kind')}</legend>
            {ALERT_KINDS.map((k) => (
              <label key={k} className={`chip${kinds.includes(k) ? ' on' : ''}`}>
                <input type="checkbox" checked={kinds.includes(k)} onChange={() => toggleKind(k)} />
                {t(`kind.${k}`)}
              </label>
            ))}
          </fieldset>
        </form>
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        <p className="inbox-count" aria-live="polite" data-testid="inbox-count">
          {groups ? t('count', { count: groups.length }) : t('loading')}
        </p>
        <ul className="inbox-rows" data-testid="inbox-rows">
          {groups?.map((g) => (
            <li key={g.id}>
              <button
                type="button"
                className={`inbox-row sev-${g.severity} status-${g.status}${g.id === selected ? ' selected' : ''}`}
                aria-pressed={g.id === selected}
                onClick={() => setSelected(g.id)}
                data-testid="inbox-row"
                data-alert-id={g.id}
                data-status={g.status}
              >
                <span className="row-top">
                  <span className={`severity-dot sev-${g.severity}`} aria-hidden="true" />
                  <span className="row-title">{title(g)}</span>
                  {g.count > 1 && <span className="badge">{t('groupCount', { count: g.count })}</span>}
                </span>
                <span className="row-meta">
                  <span className={`status-badge status-${g.status}`}>{t(`status.${g.status}`)}</span>
                  {g.escalated && <span className="status-badge escalated">{t('escalated')}</span>}
                  <span>{t(`kind.${g.kind}` as 'kind.tip')}</span>
                  <time dateTime={g.lastAt} title={format.dateTimeSeconds(g.lastAt)}>
                    {format.time(g.lastAt)} · {format.relative(g.lastAt, now)}
                  </time>
                </span>
              </button>
            </li>
          ))}
        </ul>
        {groups && groups.length === 0 && <p className="muted">{t(state === 'open' ? 'emptyOpen' : 'empty')}</p>}
      </section>
      <section className="inbox-detail" aria-label={t('detail')}>
        {selected ? (
          <AlertDetail key={selected} groupId={selected} canHandle={canHandle} reloadKey={detailKey} onSelect={setSelected} onChanged={load} />
        ) : (
          <p className="muted inbox-hint">{t('selectHint')}</p>
        )}
      </section>
      {tipOpen && (
        <TipForm
          onClose={() => setTipOpen(false)}
          onRecorded={(alertId) => {
            setTipOpen(false);
            setSelected(alertId);
            load();
          }}
        />
      )}
    </div>
  );
}

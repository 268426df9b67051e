'use client';

import dynamic from 'next/dynamic';
import { useLocale, useTranslations } from 'next-intl';
import { useEffect, useRef, useState } from 'react';
import { useFormats } from '@/components/app/use-formats';
import type { SearchHit } from '@/db/queries/search';
import { apiFetch, errorMessage } from '@/lib/api/client';
import { formatCoordinate, parseCoordinate } from '@/lib/geo/coordinates';
import { LocalDateTimeInput } from '@/components/app/local-datetime-input';
import { Options } from '@/components/app/options';

const PositionPicker = dynamic(() => import('@/components/map/position-picker'), { ssr: false });

const CHANNELS = ['phone', 'in_person', 'radio', 'other'] as const;

/**
 * Recording a resident's tip as the operator hears it: when, how it came, who called (kept
 * from everyone but the duty team), where — picked on the map, typed as coordinates in any
 * notation, or found by place name — what was seen and how many people.
 */
export function TipForm({ onClose, onRecorded }: { onClose: () => void; onRecorded: (alertId: string) => void }) {
  const t = useTranslations('alerts.tip');
  const ta = useTranslations('alerts');
  const locale = useLocale();
  const format = useFormats();
  const dialog = useRef<HTMLDialogElement>(null);
  /** When the form was opened: the latest time a tip may be dated, and "today" in the note. */
  const [openedAt] = useState(() => Date.now());
  const [receivedAt, setReceivedAt] = useState<string | null>(() => new Date(openedAt).toISOString());
  const [channel, setChannel] = useState<(typeof CHANNELS)[number]>('phone');
  const [reporterName, setReporterName] = useState('');
  const [reporterPhone, setReporterPhone] = useState('');
  const [place, setPlace] = useState('');
  const [position, setPosition] = useState<[number, number] | null>(null);
  const [hits, setHits] = useState<SearchHit[]>([]);
  const [description, setDescription] = useState('');
  const [people, setPeople] = useState('');
  const [urgent, setUrgent] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [placeNote, setPlaceNote] = useState<string | null>(null);

  useEffect(() => {
    const d = dialog.current;
    if (d && !d.open) d.showModal();
  }, []);

  const findPlace = () => {
    setHits([]);
    setPlaceNote(null);
    const text = place.trim();
    if (!text) return;
    const coordinate = parseCoordinate(text);
    if (coordinate) {
      setPosition([coordinate.lon, coordinate.lat]);
      return;
    }
    apiFetch<{ results: SearchHit[] }>(`/api/search?q=${encodeURIComponent(text)}`)
      .then((r) => {
        setHits(r.results.slice(0, 6));
        if (r.results.length === 0) setPlaceNote(t('noPlace'));
      })
      .catch((e: unknown) => setPlaceNote(errorMessage(e)));
  };

  const submit = () => {
    const at = receivedAt;
    if (!at || !position) return;
    setBusy(true);
    setError(null);
    apiFetch<{ alertId: string }>('/api/tips', {
      method: 'POST',
      body: {
        receivedAt: at,
        channel,
        reporterName: reporterName.trim() || null,
        reporterPhone: reporterPhone.trim() || null,
        lon: position[0],
        lat: position[1],
        placeText: place.trim() && !parseCoordinate(place) ? place.trim() : null,
        description,
        peopleCount: people === '' ? null : Number(people),
        severity: urgent ? 'critical' : 'warning',
      },
    })
      .then((r) => onRecorded(r.alertId))
      .catch((e: unknown) => setError(errorMessage(e)))
      .finally(() => setBusy(false));
  };

  return (
    <dialog ref={dialog} className="tip-dialog" aria-labelledby="tip-title" onClose={onClose} data-testid="tip-form">
      <form
        method="dialog"
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        <h2 id="tip-title">{t('title')}</h2>
        <div className="form-grid">
          <LocalDateTimeInput label={t('receivedAt')} defaultValue={receivedAt ?? undefined} onChange={setReceivedAt} required max={openedAt + 60_000} testId="tip-received-at" />
          <label>
            {t('channelLabel')}
            <select value={channel} onChange={(e) => setChannel(e.target.value as (typeof CHANNELS)[number])}>
              <Options values={CHANNELS} label={(c) => t(`channel.${c}`)} />
            </select>
          </label>
          <label>
            {t('reporterName')}
            <input value={reporterName} onChange={(e) => setReporterName(e.target.value)} maxLength={120} autoComplete="off" />
          </label>
          <label>
            {t('reporterPhone')}
            <input type="tel" value={reporterPhone} onChange={(e) => setReporterPhone(e.target.value)} maxLength={30} autoComplete="off" pattern="\+?[0-9 ().\-]{3,30}" />
          </label>
        </div>
        <p className="muted small">{t('privacy')}</p>
        <fieldset className="tip-place">
          <legend>{t('place')}</legend>
          <div className="inline">
            <label className="grow">
              {t('placeInput')}
              <input
                value={place}
                onChange={(e) => setPlace(e.target.value)}
                onKeyDown={(e) => {
                  if (e.key === 'Enter') {
                    e.preventDefault();
                    findPlace();
                  }
                }}
                placeholder={t('placeHint')}
                data-testid="tip-place"
              />
            </label>
            <button type="button" className="button" onClick={findPlace}>
              {t('find')}
            </button>
          </div>
          {placeNote && <p className="muted">{placeNote}</p>}
          {hits.length > 0 && (
            <ul className="plain">
              {hits.map((h) => (
                <li key={`${h.kind}-${h.id}`}>
                  <button
                    type="button"
                    className="link"
                    onClick={() => {
                      setPosition([h.lon, h.lat]);
                      setHits([]);
                    }}
                  >
                    {locale === 'en' ? h.nameEn || h.name : h.name}
                  </button>
                </li>
              ))}
            </ul>
          )}
          <PositionPicker value={position} onChange={setPosition} />
          <p data-testid="tip-position">
            {position ? `${formatCoordinate(position[0], position[1], 'dd', locale === 'vi' ? ',' : '.')} · VN-2000 ${formatCoordinate(position[0], position[1], 'vn2000', locale === 'vi' ? ',' : '.')}` : t('pickHint')}
          </p>
        </fieldset>
        <label>
          {t('description')}
          <textarea value={description} onChange={(e) => setDescription(e.target.value)} rows={3} required minLength={3} maxLength={4000} data-testid="tip-description" />
        </label>
        <div className="form-grid">
          <label>
            {t('people')}
            <input type="number" min={0} max={10000} step={1} value={people} onChange={(e) => setPeople(e.target.value)} />
          </label>
          <label className="toggle">
            <input type="checkbox" checked={urgent} onChange={(e) => setUrgent(e.target.checked)} />
            {t('urgent')}
          </label>
        </div>
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        <div className="dialog-buttons">
          <button type="button" className="button ghost" onClick={() => dialog.current?.close()}>
            {ta('cancel')}
          </button>
          <button type="submit" className="button primary" disabled={busy || !position || description.trim().length < 3} data-testid="tip-submit">
            {t('submit')}
          </button>
        </div>
        <p className="muted small">{t('timeZoneNote', { date: format.date(openedAt) })}</p>
      </form>
    </dialog>
  );
}

'use client';

import { useLocale, useTranslations } from 'next-intl';
import { useEffect, useId, useState } from 'react';
import { apiFetch } from '@/lib/api/client';
import { formatCoordinate, type ParsedCoordinate } from '@/lib/geo/coordinates';

export interface SearchPick {
  kind: 'place' | 'camera' | 'checkpoint' | 'zone' | 'facility' | 'coordinate';
  id: string | null;
  name: string;
  lon: number;
  lat: number;
  bbox: [number, number, number, number] | null;
}

interface SearchResponse {
  coordinate: ParsedCoordinate | null;
  results: { kind: Exclude<SearchPick['kind'], 'coordinate'>; id: string; name: string; nameEn: string | null; code: string | null; subkind: string | null; lon: number; lat: number; bbox: SearchPick['bbox'] }[];
}

/**
 * The map's search box (a WAI-ARIA combobox): names of places, cameras, posts, zones and
 * facilities, accents optional, and positions typed in decimal, DMS, UTM, MGRS or VN-2000.
 */
export function MapSearch({ onPick }: { onPick: (pick: SearchPick) => void }) {
  const t = useTranslations('search');
  const locale = useLocale();
  const listId = useId();
  const [text, setText] = useState('');
  // The options and the query they answer: options of an earlier text are never shown or picked
  // (pressing Enter right after typing would otherwise go to the last search's first result).
  const [answer, setAnswer] = useState<{ query: string; options: (SearchPick & { detail: string })[]; failed: boolean }>({ query: '', options: [], failed: false });
  const [active, setActive] = useState(0);
  const [open, setOpen] = useState(false);

  useEffect(() => {
    const q = text.trim();
    if (q.length < 2) return;
    const abort = new AbortController();
    const timer = setTimeout(() => {
      apiFetch<SearchResponse>(`/api/search?q=${encodeURIComponent(q)}`, { signal: abort.signal })
        .then((res) => {
          const decimal = locale === 'vi' ? ',' : '.';
          const list: (SearchPick & { detail: string })[] = [];
          if (res.coordinate) {
            const c = res.coordinate;
            list.push({ kind: 'coordinate', id: null, name: formatCoordinate(c.lon, c.lat, 'dms', decimal), lon: c.lon, lat: c.lat, bbox: null, detail: t(`systems.${c.system}`) });
          }
          for (const r of res.results) {
            list.push({ kind: r.kind, id: r.id, name: (locale === 'en' && r.nameEn) || r.name, lon: r.lon, lat: r.lat, bbox: r.bbox, detail: [t(`kinds.${r.kind}`), r.code].filter(Boolean).join(' · ') });
          }
          setAnswer({ query: q, options: list, failed: false });
          setActive(0);
          setOpen(true);
        })
        .catch(() => {
          if (!abort.signal.aborted) setAnswer({ query: q, options: [], failed: true });
        });
    }, 180);
    return () => {
      clearTimeout(timer);
      abort.abort();
    };
  }, [text, locale, t]);

  const query = text.trim();
  const answered = answer.query === query;
  const options = answered ? answer.options : [];

  const pick = (option: SearchPick) => {
    onPick(option);
    setOpen(false);
  };

  return (
    <div className="map-search" role="search">
      <input
        type="search"
        role="combobox"
        aria-label={t('label')}
        aria-autocomplete="list"
        aria-expanded={open && options.length > 0}
        aria-controls={listId}
        aria-activedescendant={open && options[active] ? `${listId}-${active}` : undefined}
        placeholder={t('placeholder')}
        value={text}
        onChange={(e) => setText(e.target.value)}
        onFocus={() => answer.options.length > 0 && setOpen(true)}
        onBlur={() => setTimeout(() => setOpen(false), 150)}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown') {
            e.preventDefault();
            setOpen(true);
            setActive((a) => Math.min(options.length - 1, a + 1));
          } else if (e.key === 'ArrowUp') {
            e.preventDefault();
            setActive((a) => Math.max(0, a - 1));
          } else if (e.key === 'Enter' && options[active]) {
            e.preventDefault();
            pick(options[active]);
          } else if (e.key === 'Escape') setOpen(false);
        }}
        data-testid="map-search"
      />
      {open && query.length >= 2 && (
        <ul id={listId} role="listbox" aria-label={t('results')} aria-busy={!answered} className="search-results" data-testid="search-results">
          {!answered && <li className="muted small" role="presentation">{t('searching')}</li>}
          {answered && options.length === 0 && (
            <li className="muted small" role="presentation">
              {answer.failed ? t('failed') : t('none')}
            </li>
          )}
          {options.map((o, i) => (
            <li
              key={`${o.kind}-${o.id ?? i}`}
              id={`${listId}-${i}`}
              role="option"
              aria-selected={i === active}
              className={i === active ? 'active' : undefined}
              onMouseDown={(e) => e.preventDefault()}
              onClick={() => pick(o)}
            >
              <span>{o.name}</span>
              <small className="muted">{o.detail}</small>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

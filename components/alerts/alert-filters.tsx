'use client';

import { useTranslations } from 'next-intl';
import { useFormats } from '@/components/app/use-formats';
import { ALERT_KINDS, ALERT_SEVERITIES } from '@/lib/domain/alerts';
import { ItemOptions, Options } from '@/components/app/options';

export type StateFilter = 'open' | 'new' | 'acknowledged' | 'dispatched' | 'closed' | 'all';

export interface InboxFilter {
  state: StateFilter;
  kinds: string[];
  severity: string;
  zone: string;
  sort: 'attention' | 'time';
}

/** The inbox's filters: state, severity, zone, order and kinds. */
export function AlertFilters({ value, onChange, zones }: { value: InboxFilter; onChange: (next: InboxFilter) => void; zones: { id: string; name: string; nameEn: string | null }[] }) {
  const t = useTranslations('alerts');
  const format = useFormats();
  const set = (patch: Partial<InboxFilter>) => onChange({ ...value, ...patch });
  const toggleKind = (kind: string) => set({ kinds: value.kinds.includes(kind) ? value.kinds.filter((k) => k !== kind) : [...value.kinds, kind] });
  return (
    <form className="inbox-filters" onSubmit={(e) => e.preventDefault()} aria-label={t('filters')}>
      <label>
        {t('filter.state')}
        <select value={value.state} onChange={(e) => set({ state: e.target.value as StateFilter })} data-testid="filter-state">
          <Options values={['open', 'new', 'acknowledged', 'dispatched', 'closed', 'all'] as const} label={(s) => t(`stateFilter.${s}`)} />
        </select>
      </label>
      <label>
        {t('filter.severity')}
        <select value={value.severity} onChange={(e) => set({ severity: e.target.value })}>
          <option value="">{t('filter.any')}</option>
          <Options values={[...ALERT_SEVERITIES].reverse()} label={(s) => t(`severity.${s}`)} />
        </select>
      </label>
      <label>
        {t('filter.zone')}
        <select value={value.zone} onChange={(e) => set({ zone: e.target.value })}>
          <option value="">{t('filter.any')}</option>
          <ItemOptions items={zones} label={(z) => format.locale === 'en' ? z.nameEn || z.name : z.name} />
        </select>
      </label>
      <label>
        {t('filter.sort')}
        <select value={value.sort} onChange={(e) => set({ sort: e.target.value as InboxFilter['sort'] })}>
          <option value="attention">{t('sortAttention')}</option>
          <option value="time">{t('sortTime')}</option>
        </select>
      </label>
      <fieldset className="kind-chips">
        <legend>{t('filter.kind')}</legend>
        {ALERT_KINDS.map((k) => (
          <label key={k} className={`chip${value.kinds.includes(k) ? ' on' : ''}`}>
            <input type="checkbox" checked={value.kinds.includes(k)} onChange={() => toggleKind(k)} />
            {t(`kind.${k}`)}
          </label>
        ))}
      </fieldset>
    </form>
  );
}

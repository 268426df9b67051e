'use client';

import { useLocale, useTranslations } from 'next-intl';
import { useState } from 'react';
import { COORDINATE_SYSTEMS, formatCoordinate, type CoordinateSystem } from '@/lib/geo/coordinates';
import { Options } from '@/components/app/options';

const STORAGE_KEY = 'vigil.coordinateSystem';

/** The position under the cursor in the system the officer chooses (remembered on this browser). */
export function CoordinateReadout({ cursor }: { cursor: [number, number] | null }) {
  const t = useTranslations('search');
  const locale = useLocale();
  // The map is rendered in the browser only, so the saved choice can be read at once.
  const [system, setSystem] = useState<CoordinateSystem>(() => {
    const saved = typeof window === 'undefined' ? null : window.localStorage.getItem(STORAGE_KEY);
    return saved && (COORDINATE_SYSTEMS as string[]).includes(saved) ? (saved as CoordinateSystem) : 'dd';
  });
  const choose = (value: CoordinateSystem) => {
    setSystem(value);
    window.localStorage.setItem(STORAGE_KEY, value);
  };
  return (
    <div className="cursor-readout" data-testid="cursor-readout">
      <select aria-label={t('systemLabel')} value={system} onChange={(e) => choose(e.target.value as CoordinateSystem)} data-testid="coordinate-system">
        <Options values={COORDINATE_SYSTEMS} label={(s) => t(`systems.${s}`)} />
      </select>
      <output aria-live="off" data-testid="cursor-position">
        {cursor ? formatCoordinate(cursor[0], cursor[1], system, locale === 'vi' ? ',' : '.') : '—'}
      </output>
    </div>
  );
}

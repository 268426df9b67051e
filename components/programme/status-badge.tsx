'use client';

import { useTranslations } from 'next-intl';
import type { FacilityStatus } from '@/lib/domain/facilities';

/** A facility's programme status in words with its colour (the colour is never the only sign). */
export function StatusBadge({ status }: { status: FacilityStatus }) {
  const t = useTranslations('programme.status');
  return (
    <span className={`status-badge status-${status}`} data-status={status}>
      {t(status)}
    </span>
  );
}

'use client';

import { useTranslations } from 'next-intl';
import { useLiveState } from '@/components/live/use-live-events';

/**
 * The header's word on the live connection: quiet while live, plain when it is not — an
 * operator must never take a silent screen for a quiet border.
 */
export function LiveStatus() {
  const t = useTranslations('live');
  const state = useLiveState();
  if (state === 'idle') return null;
  return (
    <span className={`live-status ${state}`} role="status" data-testid="live-status" data-state={state} title={t(`${state}Detail`)}>
      <span className="live-dot" aria-hidden="true" />
      <span className={state === 'live' ? 'sr-only' : undefined}>{t(state)}</span>
    </span>
  );
}

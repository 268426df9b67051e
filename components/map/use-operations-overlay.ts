'use client';

import { useEffect, useRef } from 'react';
import { useApi } from '@/components/app/use-api';
import { useLiveEvents } from '@/components/live/use-live-events';
import type { MapAlerts } from '@/components/map/alert-layers';
import type { StaffingNow } from '@/db/queries/roster';

/** Staffing changes with the shift; a minute keeps the map within one shift change. */
const STAFFING_REFRESH_MS = 60_000;

/**
 * The duty team's layer of the map: open alerts with the teams sent to them, and which posts
 * are held now. Alerts reload on live alert events (coalesced), staffing every minute; a failed
 * load keeps what the map shows and is retried (useApi), its error returned for the page to say.
 */
export function useOperationsOverlay(canReadAlerts: boolean) {
  const alerts = useApi<MapAlerts>(canReadAlerts ? '/api/alerts/map' : null);
  const staffing = useApi<StaffingNow>('/api/roster/now', { refreshInterval: STAFFING_REFRESH_MS });
  const pending = useRef<ReturnType<typeof setTimeout> | null>(null);
  const reloadAlerts = alerts.mutate;

  useEffect(
    () => () => {
      if (pending.current) clearTimeout(pending.current);
    },
    [],
  );
  useLiveEvents(
    (event) => {
      if (event.topic !== 'alert' || pending.current) return;
      pending.current = setTimeout(() => {
        pending.current = null;
        void reloadAlerts();
      }, 300);
    },
    () => void reloadAlerts(),
  );

  return { alerts: alerts.data ?? null, staffing: staffing.data ?? null, error: alerts.error ?? staffing.error ?? null };
}

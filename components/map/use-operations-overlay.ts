'use client';

import { useCallback, useEffect, useRef, useState } from 'react';
import { useLiveEvents } from '@/components/live/use-live-events';
import { apiFetch } from '@/lib/api/client';
import type { MapAlerts } from '@/components/map/alert-layers';
import type { StaffingNow } from '@/db/queries/roster';

/** Staffing changes with the shift; a minute keeps the map within one shift change. */
const STAFFING_REFRESH_MS = 60_000;

/**
 * The duty team's layer of the map: open alerts with the teams sent to them, and which posts
 * are held now. Alerts reload on every live alert event (coalesced), staffing every minute.
 */
export function useOperationsOverlay(canReadAlerts: boolean) {
  const [alerts, setAlerts] = useState<MapAlerts | null>(null);
  const [staffing, setStaffing] = useState<StaffingNow | null>(null);
  const pending = useRef<ReturnType<typeof setTimeout> | null>(null);

  const loadAlerts = useCallback(async () => {
    if (!canReadAlerts) return;
    // A failed load keeps what the map shows; the next alert event or minute retries.
    await apiFetch<MapAlerts>('/api/alerts/map').then(setAlerts, () => undefined);
  }, [canReadAlerts]);
  const loadStaffing = useCallback(async () => {
    await apiFetch<StaffingNow>('/api/roster/now').then(setStaffing, () => undefined);
  }, []);

  useEffect(() => {
    void loadAlerts();
    void loadStaffing();
    const timer = setInterval(() => void loadStaffing(), STAFFING_REFRESH_MS);
    return () => {
      clearInterval(timer);
      if (pending.current) clearTimeout(pending.current);
    };
  }, [loadAlerts, loadStaffing]);

  useLiveEvents(
    (event) => {
      if (event.topic !== 'alert' || pending.current) return;
      pending.current = setTimeout(() => {
        pending.current = null;
        void loadAlerts();
      }, 300);
    },
    () => void loadAlerts(),
  );

  return { alerts, staffing };
}

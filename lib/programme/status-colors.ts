import type { FacilityStatus } from '@/lib/domain/facilities';

/** One colour per programme status, the same on the dashboard, the map, the chart and the printed report. */
export const STATUS_COLORS: Record<FacilityStatus, string> = {
  not_surveyed: '#94a3b8',
  surveyed: '#60a5fa',
  plan_agreed: '#a78bfa',
  connecting: '#f59e0b',
  connected: '#22c55e',
  degraded: '#ef4444',
};

'use client';

import { useTranslations } from 'next-intl';
import { cameraIconUrl } from '@/components/map/deck-layers';
import { COLORS, STATUS_COLORS } from '@/components/map/map-style';
import type { LegendEntry } from '@/components/map/print-map';

type Translate = ReturnType<typeof useTranslations>;

/** The map's symbols and their meaning; the same list is printed with the map. */
export function legendEntries(t: Translate): LegendEntry[] {
  return [
    { shape: 'line', color: COLORS.border, label: t('border.land') },
    { shape: 'dashed', color: COLORS.border, label: t('border.river') },
    { shape: 'dashed', color: COLORS.maritime, label: t('border.maritime') },
    { shape: 'dashed', color: COLORS.province, label: t('map.adminLines') },
    { shape: 'area', color: COLORS.hotspot, label: t('zoneKind.hotspot') },
    { shape: 'area', color: COLORS.patrol, label: t('zoneKind.patrol_sector') },
    { shape: 'area', color: COLORS.perimeter, label: t('zoneKind.quarantine_perimeter') },
    { shape: 'area', color: COLORS.restricted, label: t('zoneKind.restricted') },
    { shape: 'dashed', color: COLORS.footPatrol, label: t('planning.kinds.routes.foot_patrol') },
    { shape: 'dashed', color: COLORS.vehiclePatrol, label: t('planning.kinds.routes.vehicle_patrol') },
    { shape: 'dashed', color: COLORS.boatPatrol, label: t('planning.kinds.routes.boat_patrol') },
    { shape: 'dot', color: COLORS.gate, label: t('checkpointKind.border_gate') },
    { shape: 'dot', color: COLORS.joint, label: t('checkpointKind.joint_station') },
    { shape: 'dot', color: COLORS.wharf, label: t('checkpointKind.wharf') },
    { shape: 'dot', color: COLORS.post, label: t('checkpointKind.control_post') },
    { shape: 'dot', color: COLORS.facility, label: t('layers.facilities') },
    { shape: 'dot', color: '#ef4444', label: t('map.legendAlert') },
    { shape: 'ring', color: '#ef4444', label: t('map.legendUnstaffedNow') },
    { shape: 'ring', color: '#f59e0b', label: t('map.legendUnstaffedNext') },
    { shape: 'line', color: '#22c55e', label: t('map.legendDispatch') },
    ...(Object.keys(STATUS_COLORS) as (keyof typeof STATUS_COLORS)[]).map((status) => ({ shape: 'dot' as const, color: STATUS_COLORS[status], label: `${t('layers.cameras')}: ${t(`cameraStatus.${status}`)}` })),
  ];
}

function Symbol({ entry }: { entry: LegendEntry }) {
  if (entry.shape === 'dot')
    return (
      <svg width="28" height="16" aria-hidden="true">
        <circle cx="14" cy="8" r="6" fill={entry.color} stroke="#0b1620" strokeWidth="2" />
      </svg>
    );
  if (entry.shape === 'ring')
    return (
      <svg width="28" height="16" aria-hidden="true">
        <circle cx="14" cy="8" r="6" fill="none" stroke={entry.color} strokeWidth="2.5" />
      </svg>
    );
  if (entry.shape === 'area')
    return (
      <svg width="28" height="14" aria-hidden="true">
        <rect x="1" y="1" width="26" height="12" fill={entry.color} fillOpacity="0.35" stroke={entry.color} strokeDasharray="3 2" />
      </svg>
    );
  return (
    <svg width="28" height="10" aria-hidden="true">
      <line x1="1" y1="5" x2="27" y2="5" stroke={entry.color} strokeWidth="3" strokeDasharray={entry.shape === 'dashed' ? '5 3' : undefined} />
    </svg>
  );
}

export function Legend() {
  const t = useTranslations();
  return (
    <div className="legend">
      <ul>
        {legendEntries(t).map((entry) => (
          <li key={entry.label}>
            <Symbol entry={entry} />
            <span>{entry.label}</span>
          </li>
        ))}
        {(['fixed', 'ptz', 'ai'] as const).map((kind) => (
          <li key={kind}>
            {/* eslint-disable-next-line @next/next/no-img-element -- inline SVG data URL, nothing to optimise */}
            <img src={cameraIconUrl(kind, 'live', kind === 'ai')} width={22} height={22} alt="" />
            <span>
              {t('layers.cameras')} {t(`cameraKind.${kind}`)}
            </span>
          </li>
        ))}
        <li>
          <svg width="28" height="22" aria-hidden="true">
            <circle cx="14" cy="11" r="10" fill={STATUS_COLORS.live} stroke="#fff" strokeWidth="2" />
            <text x="14" y="15" textAnchor="middle" fontSize="11" fontWeight="700" fill="#0b1620">
              5
            </text>
          </svg>
          <span>{t('map.cameraCluster')}</span>
        </li>
      </ul>
    </div>
  );
}

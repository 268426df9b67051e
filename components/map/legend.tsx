'use client';

import { useTranslations } from 'next-intl';
import { cameraIconUrl } from '@/components/map/deck-layers';
import { COLORS, STATUS_COLORS } from '@/components/map/map-style';

const line = (color: string, dashed = false) => (
  <svg width="28" height="10" aria-hidden="true">
    <line x1="1" y1="5" x2="27" y2="5" stroke={color} strokeWidth="3" strokeDasharray={dashed ? '5 3' : undefined} />
  </svg>
);
const area = (color: string) => (
  <svg width="28" height="14" aria-hidden="true">
    <rect x="1" y="1" width="26" height="12" fill={color} fillOpacity="0.35" stroke={color} strokeDasharray="3 2" />
  </svg>
);
const dot = (color: string, stroke = '#0b1620', size = 6) => (
  <svg width="28" height="16" aria-hidden="true">
    <circle cx="14" cy="8" r={size} fill={color} stroke={stroke} strokeWidth="2" />
  </svg>
);

export function Legend() {
  const t = useTranslations();
  const rows: [React.ReactNode, string][] = [
    [line(COLORS.border), t('border.land')],
    [line(COLORS.border, true), t('border.river')],
    [line(COLORS.maritime, true), t('border.maritime')],
    [area(COLORS.hotspot), t('zoneKind.hotspot')],
    [area(COLORS.patrol), t('zoneKind.patrol_sector')],
    [area(COLORS.perimeter), t('zoneKind.quarantine_perimeter')],
    [dot(COLORS.gate, COLORS.border), t('checkpointKind.border_gate')],
    [dot(COLORS.joint), t('checkpointKind.joint_station')],
    [dot(COLORS.wharf), t('checkpointKind.wharf')],
    [dot(COLORS.post, '#0b1620', 4), t('checkpointKind.control_post')],
    [dot(COLORS.facility, '#ffffff'), t('layers.facilities')],
  ];
  return (
    <details className="panel legend" open>
      <summary>{t('map.legend')}</summary>
      <ul>
        {rows.map(([symbol, label]) => (
          <li key={label}>
            {symbol}
            <span>{label}</span>
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
        <li className="status-row">
          {(Object.keys(STATUS_COLORS) as (keyof typeof STATUS_COLORS)[]).map((status) => (
            <span key={status} className="status-chip">
              <i style={{ background: STATUS_COLORS[status] }} />
              {t(`cameraStatus.${status}`)}
            </span>
          ))}
        </li>
      </ul>
    </details>
  );
}

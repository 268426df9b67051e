'use client';

import { useTranslations } from 'next-intl';

export const TOGGLES = ['border', 'areas', 'places', 'zones', 'checkpoints', 'facilities', 'cameras', 'fov', 'detections', 'crossings'] as const;
export type ToggleId = (typeof TOGGLES)[number];

interface LayerPanelProps {
  counts: Record<string, number>;
  visibility: Record<ToggleId, boolean>;
  onToggle: (id: ToggleId) => void;
  onFitProvince: () => void;
}

export function LayerPanel({ counts, visibility, onToggle, onFitProvince }: LayerPanelProps) {
  const t = useTranslations();
  return (
    <div className="layer-panel">
      <fieldset>
        <legend className="sr-only">{t('map.layers')}</legend>
        <ul>
          {TOGGLES.map((id) => (
            <li key={id}>
              <label>
                <input type="checkbox" checked={visibility[id]} onChange={() => onToggle(id)} data-testid={`toggle-${id}`} />
                <span>{t(`layers.${id}`)}</span>
                {id in counts && <span className="count">{counts[id]}</span>}
              </label>
            </li>
          ))}
        </ul>
      </fieldset>
      <button type="button" className="button small" onClick={onFitProvince} data-testid="fit-province">
        {t('map.fitProvince')}
      </button>
    </div>
  );
}

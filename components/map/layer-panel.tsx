'use client';

import { useTranslations } from 'next-intl';

export const TOGGLES = ['alerts', 'border', 'areas', 'places', 'zones', 'routes', 'checkpoints', 'facilities', 'cameras', 'fov', 'detections', 'crossings'] as const;
export type ToggleId = (typeof TOGGLES)[number];

interface LayerPanelProps {
  counts: Record<string, number>;
  visibility: Record<ToggleId, boolean>;
  onToggle: (id: ToggleId) => void;
  onFitProvince: () => void;
  /** Toggles this person has no use for (e.g. alerts without the permission to read them). */
  hidden?: readonly ToggleId[];
}

export function LayerPanel({ counts, visibility, onToggle, onFitProvince, hidden = [] }: LayerPanelProps) {
  const t = useTranslations();
  return (
    <div className="layer-panel">
      <fieldset>
        <legend className="sr-only">{t('map.layers')}</legend>
        <ul>
          {TOGGLES.filter((id) => !hidden.includes(id)).map((id) => (
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

'use client';

import { useTranslations } from 'next-intl';
import { useId } from 'react';
import { useFormats } from '@/components/app/use-formats';
import type { CoverageOverlay } from '@/components/map/use-coverage-overlay';
import { COVERAGE_PERIODS } from '@/lib/coverage/ranges';
import { MAX_PROPOSED_CAMERAS, MAX_PROPOSED_RANGE_M } from '@/lib/coverage/schemas';
import styles from '@/components/map/coverage-panel.module.css';

/** How many of the longest gaps the panel lists. */
const GAPS_LISTED = 10;

/** The overlay's two switches, shown with the map's layer toggles. */
export function CoverageToggles({ coverage }: { coverage: CoverageOverlay }) {
  const t = useTranslations('coverage');
  return (
    <div className="layer-panel">
      <fieldset>
        <legend className="sr-only">{t('layersLegend')}</legend>
        <ul>
          <li>
            <label>
              <input type="checkbox" checked={coverage.visible} onChange={() => coverage.setVisible(!coverage.visible)} data-testid="toggle-coverage" />
              <span>{t('toggleCoverage')}</span>
            </label>
          </li>
          <li>
            <label>
              <input type="checkbox" checked={coverage.kmVisible} onChange={() => coverage.setKmVisible(!coverage.kmVisible)} data-testid="toggle-km-markers" />
              <span>{t('toggleKm')}</span>
            </label>
          </li>
        </ul>
      </fieldset>
    </div>
  );
}

/**
 * Border coverage by day or night: totals, per section, the longest gaps (a click flies the
 * map there) and, for planners, proposed cameras with the kilometres they would add.
 */
export function CoveragePanel({ coverage }: { coverage: CoverageOverlay }) {
  const t = useTranslations('coverage');
  const f = useFormats();
  const titleId = useId();
  const { data, preview } = coverage;
  const shown = preview ?? data;
  const km = (value: number) => f.number(value, 1);
  const lookup = coverage.pickedKm ?? coverage.cursorKm;

  return (
    <section className={`panel ${styles.panel}`} aria-labelledby={titleId} data-testid="coverage-panel">
      <header className="panel-header">
        <h2 id={titleId}>{t('title')}</h2>
        <button type="button" className="button small" onClick={() => coverage.setVisible(false)} aria-label={t('close')}>
          ×
        </button>
      </header>
      <div className={styles.body}>
        <fieldset className={styles.periods}>
          <legend>{t('period')}</legend>
          {COVERAGE_PERIODS.map((p) => (
            <label key={p} className={styles.choice}>
              <input type="radio" name={`${titleId}-period`} value={p} checked={coverage.period === p} onChange={() => coverage.setPeriod(p)} data-testid={`coverage-period-${p}`} />
              {t(p)}
            </label>
          ))}
        </fieldset>

        {coverage.error && (
          <p className="form-error" role="alert">
            {t('error', { message: coverage.error })}
          </p>
        )}
        {!data && coverage.loading && <p className="muted">{t('loading')}</p>}

        {data && (
          <>
            <dl className={styles.figures} data-testid="coverage-summary" aria-busy={coverage.loading}>
              <dt>{t('total')}</dt>
              <dd>{f.distance(data.totalKm * 1000)}</dd>
              <dt>{t('covered')}</dt>
              <dd data-testid="coverage-covered">
                {f.distance(data.coveredKm * 1000)} ({f.percent(data.coveredShare, 1)}){' '}
                <span className="muted" data-testid="coverage-uncertainty" title={t('uncertaintyWhy', { step: f.distance(data.stepM) })}>
                  {t('uncertainty', { amount: f.distance(data.coveredUncertaintyKm * 1000) })}
                </span>
              </dd>
              {data.sections.map((s) => (
                <div key={s.section} className={styles.row}>
                  <dt>{t(`section_${s.section}`)}</dt>
                  <dd>{t('coveredOf', { covered: f.distance(s.coveredKm * 1000), total: f.distance(s.totalKm * 1000), share: f.percent(s.coveredShare, 1) })}</dd>
                </div>
              ))}
              <dt>{t('cameras')}</dt>
              <dd>{f.number(data.cameraCount)}</dd>
            </dl>
            <p className="small muted">{t('rule', { step: f.distance(data.stepM) })}</p>
          </>
        )}

        <p className={`small ${styles.lookup}`} aria-live="polite" data-testid="coverage-km-at">
          {lookup ? t(coverage.pickedKm ? 'pickedKm' : 'cursorKm', { km: km(lookup.km), distance: f.distance(lookup.distanceM) }) : t('kmHint')}
        </p>

        {shown && (
          <div>
            <h3 className={styles.heading}>{t('gaps')}</h3>
            {shown.gaps.length === 0 ? (
              <p className="muted">{t('noGaps')}</p>
            ) : (
              <ol className={styles.gaps} data-testid="coverage-gaps">
                {shown.gaps.slice(0, GAPS_LISTED).map((g, i) => (
                  <li key={`${g.fromKm}-${g.toKm}`}>
                    <button type="button" className={styles.gap} onClick={() => coverage.flyToGap(i)} aria-pressed={coverage.selectedGap === `${g.fromKm}-${g.toKm}`}>
                      <span className={styles.span}>{t('stretch', { from: km(g.fromKm), to: km(g.toKm) })}</span>
                      <span className={styles.length}>{f.distance(g.lengthKm * 1000)}</span>
                      {g.nearestPost && (
                        <span className={`small muted ${styles.post}`}>{t('nearestPost', { post: f.locale === 'en' ? (g.nearestPost.nameEn ?? g.nearestPost.name) : g.nearestPost.name, distance: f.distance(g.nearestPost.distanceM) })}</span>
                      )}
                    </button>
                  </li>
                ))}
              </ol>
            )}
            {shown.gaps.length > GAPS_LISTED && <p className="small muted">{t('moreGaps', { count: shown.gaps.length - GAPS_LISTED })}</p>}
          </div>
        )}

        {data?.canPropose && <ProposedCameras coverage={coverage} />}
      </div>
    </section>
  );
}

function ProposedCameras({ coverage }: { coverage: CoverageOverlay }) {
  const t = useTranslations('coverage');
  const f = useFormats();
  const formId = useId();
  const { drafting, preview } = coverage;
  const draft = drafting.drafts[drafting.active];
  // The preview numbers the placed cameras only, in order.
  const placedIndex = (index: number) => drafting.drafts.slice(0, index).filter((d) => d.lon !== null).length;
  const addedFor = (index: number) => preview?.proposed?.cameras.find((c) => c.index === placedIndex(index))?.addedKm;
  const number = (key: 'bearingDeg' | 'fovDeg' | 'rangeM', min: number, max: number, step: number) => (
    <label className={styles.field}>
      {t(key)}
      <input
        type="number"
        inputMode="decimal"
        min={min}
        max={max}
        step={step}
        value={draft ? draft[key] : ''}
        onChange={(e) => draft && drafting.update(drafting.active, { [key]: e.target.value === '' ? Number.NaN : Number(e.target.value) })}
        aria-invalid={draft ? !(draft[key] >= min && draft[key] <= max) : undefined}
        data-testid={`proposed-${key}`}
      />
    </label>
  );

  return (
    <div className={styles.proposed} aria-labelledby={`${formId}-title`} role="group">
      <h3 className={styles.heading} id={`${formId}-title`}>
        {t('proposed')}
      </h3>
      {drafting.drafts.length === 0 ? (
        <button type="button" className="button small" onClick={drafting.add} data-testid="proposed-add">
          {t('addProposed')}
        </button>
      ) : (
        <>
          {drafting.drafts.length > 1 && (
            <div className={styles.tabs} role="group" aria-label={t('proposedList')}>
              {drafting.drafts.map((_, i) => (
                <button key={i} type="button" className="button small" aria-pressed={i === drafting.active} onClick={() => drafting.setActive(i)}>
                  {t('proposedN', { n: i + 1 })}
                </button>
              ))}
            </div>
          )}
          {draft && (
            <div className={styles.form}>
              <p className="small" data-testid="proposed-position">
                {draft.lon === null || draft.lat === null ? t('notPlaced') : t('placedAt', { lat: f.number(draft.lat, 5), lon: f.number(draft.lon, 5) })}
              </p>
              <div className={styles.actions}>
                {coverage.placing ? (
                  <button type="button" className="button small" onClick={drafting.cancelPlacing} data-testid="proposed-cancel">
                    {t('cancelPlacing')}
                  </button>
                ) : (
                  <button type="button" className="button small" onClick={drafting.startPlacing} data-testid="proposed-place">
                    {t('place')}
                  </button>
                )}
                <button type="button" className="button small" onClick={drafting.placeAtCentre}>
                  {t('placeCentre')}
                </button>
              </div>
              {coverage.placing && (
                <p className="small" role="status">
                  {t('placing')}
                </p>
              )}
              {number('bearingDeg', 0, 360, 1)}
              {number('fovDeg', 1, 360, 1)}
              {number('rangeM', 1, MAX_PROPOSED_RANGE_M, 10)}
              <label className={styles.choice}>
                <input type="checkbox" checked={draft.infrared} onChange={(e) => drafting.update(drafting.active, { infrared: e.target.checked })} data-testid="proposed-infrared" />
                {t('infrared')}
              </label>
              <p className={styles.added} aria-live="polite" data-testid="proposed-added">
                {draft.lon === null
                  ? ''
                  : addedFor(drafting.active) === undefined
                    ? t('computing')
                    : addedFor(drafting.active)! > 0
                      ? t('adds', { distance: f.distance(addedFor(drafting.active)! * 1000), period: t(coverage.period).toLowerCase() })
                      : t('addsNothing')}
              </p>
              <div className={styles.actions}>
                <button type="button" className="button small" onClick={() => drafting.remove(drafting.active)}>
                  {t('remove')}
                </button>
                {drafting.drafts.length < MAX_PROPOSED_CAMERAS && (
                  <button type="button" className="button small" onClick={drafting.add} data-testid="proposed-add">
                    {t('addProposed')}
                  </button>
                )}
              </div>
            </div>
          )}
          {preview?.proposed && (
            <p className="small" data-testid="proposed-total">
              {t('withProposed', {
                covered: f.distance(preview.coveredKm * 1000),
                share: f.percent(preview.coveredShare, 1),
                added: f.distance(preview.proposed.addedKm * 1000),
              })}
            </p>
          )}
          {coverage.previewError && (
            <p className="form-error" role="alert">
              {coverage.previewError}
            </p>
          )}
          <p className="small muted">{t('notSaved')}</p>
        </>
      )}
    </div>
  );
}

'use client';

import { useTranslations } from 'next-intl';
import { DETECTION_CLASSES } from '@/lib/events/types';

/** The options of a detection-class filter, "all classes" first (value ""). */
export function ClassOptions() {
  const t = useTranslations('activity');
  return (
    <>
      <option value="">{t('allClasses')}</option>
      {DETECTION_CLASSES.map((c) => (
        <option key={c} value={c}>
          {t(`classes.${c}`)}
        </option>
      ))}
    </>
  );
}

'use client';

import { useTranslations } from 'next-intl';
import { DETECTION_CLASSES } from '@/lib/events/types';
import { Options } from '@/components/app/options';

/** The options of a detection-class filter, "all classes" first (value ""). */
export function ClassOptions() {
  const t = useTranslations('activity');
  return (
    <>
      <option value="">{t('allClasses')}</option>
      <Options values={DETECTION_CLASSES} label={(c) => t(`classes.${c}`)} />
    </>
  );
}

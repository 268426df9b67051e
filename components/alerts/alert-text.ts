'use client';

import { useLocale, useTranslations } from 'next-intl';
import { alertTitle, type AlertTextSource, type AlertTranslator } from '@/lib/alerts/title';

export type { AlertTextSource } from '@/lib/alerts/title';

/** The alert title function (lib/alerts/title) in the reader's language. */
export function useAlertTitle(): (a: AlertTextSource) => string {
  const t = useTranslations('alerts');
  const en = useLocale() === 'en';
  return (a) => alertTitle(t as unknown as AlertTranslator, en, a);
}

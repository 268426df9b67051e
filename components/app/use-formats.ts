'use client';

import { useLocale } from 'next-intl';
import { formatsFor, type Formats } from '@/lib/format';

/** The formatting module (lib/format) in the reader's language. */
export function useFormats(): Formats {
  return formatsFor(useLocale());
}

'use client';

import { useTranslations } from 'next-intl';
import { useId, useState } from 'react';
import { fromLocalFields, toLocalFields } from '@/lib/domain/local-time';

/**
 * A moment typed as Viet Nam's wall clock, day first and 24-hour (29/11/2026, 21:03), whatever
 * the browser's own locale and time zone — not the browser's date picker, which follows the
 * machine (12/06/2026, 01:21 PM in a Vietnamese interface). A "now" button fills it in. The
 * value is an ISO instant: given to `onChange`, and in a hidden input called `name` for forms.
 */
export function LocalDateTimeInput({
  label,
  name,
  defaultValue,
  onChange,
  required,
  max,
  testId,
}: {
  label: string;
  name?: string;
  /** An ISO instant. */
  defaultValue?: string;
  onChange?: (iso: string | null) => void;
  required?: boolean;
  /** The latest instant accepted (ms). */
  max?: number;
  testId?: string;
}) {
  const t = useTranslations('app');
  const id = useId();
  const [fields, setFields] = useState(() => (defaultValue ? toLocalFields(defaultValue) : { date: '', time: '' }));
  const instant = fromLocalFields(fields.date, fields.time);
  const tooLate = instant !== null && max !== undefined && instant.getTime() > max;
  const invalid = (fields.date !== '' || fields.time !== '' || required) && (instant === null || tooLate);
  const update = (next: { date: string; time: string }) => {
    setFields(next);
    const at = fromLocalFields(next.date, next.time);
    onChange?.(at && !(max !== undefined && at.getTime() > max) ? at.toISOString() : null);
  };
  return (
    <fieldset className="local-datetime" data-testid={testId}>
      <legend>{label}</legend>
      <label htmlFor={`${id}-date`} className="sr-only">
        {t('dateLabel')}
      </label>
      <input
        id={`${id}-date`}
        inputMode="numeric"
        placeholder={t('datePlaceholder')}
        value={fields.date}
        onChange={(e) => update({ ...fields, date: e.target.value })}
        required={required}
        aria-invalid={invalid}
        size={10}
        pattern="\d{1,2}/\d{1,2}/\d{4}"
        data-testid={testId && `${testId}-date`}
      />
      <label htmlFor={`${id}-time`} className="sr-only">
        {t('timeLabel')}
      </label>
      <input
        id={`${id}-time`}
        inputMode="numeric"
        placeholder={t('timePlaceholder')}
        value={fields.time}
        onChange={(e) => update({ ...fields, time: e.target.value })}
        required={required}
        aria-invalid={invalid}
        size={5}
        pattern="\d{1,2}:\d{2}"
        data-testid={testId && `${testId}-time`}
      />
      <button type="button" className="button small ghost" onClick={() => update(toLocalFields(Date.now()))}>
        {t('now')}
      </button>
      {name && <input type="hidden" name={name} value={instant && !tooLate ? instant.toISOString() : ''} />}
      {invalid && (fields.date !== '' || fields.time !== '') && <small className="error">{tooLate ? t('dateTooLate') : t('dateInvalid')}</small>}
    </fieldset>
  );
}

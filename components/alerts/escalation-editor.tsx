'use client';

import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { ApiErrorNotice } from '@/components/app/api-error';
import { useApi } from '@/components/app/use-api';
import { useFormats } from '@/components/app/use-formats';
import type { EscalationPolicyRow } from '@/db/queries/escalation';
import { apiFetch } from '@/lib/api/client';
import { ALERT_KINDS, ALERT_SEVERITIES } from '@/lib/domain/alerts';
import { TableHead } from '@/components/app/table-head';

/** The escalation policy as a table of minutes, kind by severity, saved at once (administrators). */
export function EscalationEditor() {
  const t = useTranslations('alerts');
  const format = useFormats();
  const { data, error, mutate } = useApi<{ policies: EscalationPolicyRow[] }>('/api/alerts/escalation');
  const [draft, setDraft] = useState<Record<string, string>>({});
  const [saveError, setSaveError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  const minutes = (kind: string, severity: string) => draft[`${kind}|${severity}`] ?? String(data?.policies.find((p) => p.kind === kind && p.severity === severity)?.acknowledgeMinutes ?? '');
  const changed = Object.entries(draft).filter(([key, v]) => {
    const [kind, severity] = key.split('|');
    return String(data?.policies.find((p) => p.kind === kind && p.severity === severity)?.acknowledgeMinutes ?? '') !== v;
  });
  const last = data?.policies.filter((p) => p.updatedByName).sort((a, b) => b.updatedAt.localeCompare(a.updatedAt))[0];
  return (
    <section className="page-section" aria-labelledby="escalation-h" data-testid="escalation-editor">
      <h1 id="escalation-h">{t('escalationTitle')}</h1>
      <p className="muted">{t('escalationIntro')}</p>
      <ApiErrorNotice error={error ?? saveError} />
      <form
        onSubmit={(e) => {
          e.preventDefault();
          setSaved(false);
          const policies = changed.map(([key, v]) => {
            const [kind, severity] = key.split('|') as [string, string];
            return { kind, severity, acknowledgeMinutes: Number(v) };
          });
          apiFetch<{ policies: EscalationPolicyRow[] }>('/api/alerts/escalation', { method: 'PUT', body: { policies } })
            .then((r) => {
              void mutate(r, { revalidate: false });
              setDraft({});
              setSaveError(null);
              setSaved(true);
            })
            .catch(setSaveError);
        }}
      >
        <table className="table">
          <caption className="sr-only">{t('minutesColumn')}</caption>
          <TableHead columns={[t('filter.kind'), ...[...ALERT_SEVERITIES].reverse().map((s) => ({ key: s, label: t(`severity.${s}`) }))]} />
          <tbody>
            {ALERT_KINDS.map((k) => (
              <tr key={k}>
                <th scope="row">{t(`kind.${k}`)}</th>
                {[...ALERT_SEVERITIES].reverse().map((s) => (
                  <td key={s}>
                    <input
                      type="number"
                      min={1}
                      max={1440}
                      step={1}
                      required
                      aria-label={`${t(`kind.${k}`)} · ${t(`severity.${s}`)} · ${t('minutesColumn')}`}
                      value={minutes(k, s)}
                      onChange={(e) => setDraft((d) => ({ ...d, [`${k}|${s}`]: e.target.value }))}
                      data-testid={`policy-${k}-${s}`}
                    />
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
        <p>
          <button type="submit" className="button primary" disabled={changed.length === 0 || changed.some(([, v]) => !(Number(v) >= 1 && Number(v) <= 1440))} data-testid="save-policy">
            {t('save')}
          </button>{' '}
          {saved && <span role="status">{t('saved')}</span>}
          {last && (
            <small className="muted">
              {' '}
              · {last.updatedByName}, {format.dateTime(last.updatedAt)}
            </small>
          )}
        </p>
      </form>
    </section>
  );
}

'use client';

import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { apiFetch, errorMessage } from '@/lib/api/client';
import type { VerificationResult } from '@/lib/reports/verification';

/** The file as base64 for the JSON body (the API takes JSON only, lib/api/handler checkSameOrigin). */
async function base64Of(file: File): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

const reportHref = (r: VerificationResult) => (r.kind === 'situation_report' ? `/reports/${r.reportId}` : `/programme/reports/${r.reportId}`);

/** Upload a report PDF or enter a report id; shows valid / altered / unknown key. */
export function VerifyForm({ initialId, maxBytes }: { initialId: string; maxBytes: number }) {
  const t = useTranslations('verify');
  const [file, setFile] = useState<File | null>(null);
  const [id, setId] = useState(initialId);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<VerificationResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const mb = Math.round(maxBytes / (1024 * 1024));

  const check = async (event: React.FormEvent) => {
    event.preventDefault();
    setResult(null);
    setError(null);
    if (!file && !id.trim()) return setError(t('chooseOne'));
    if (file && file.size > maxBytes) return setError(t('tooLarge', { mb }));
    setBusy(true);
    try {
      const body = file ? { pdf: await base64Of(file) } : { id: id.trim() };
      setResult(await apiFetch<VerificationResult>('/api/reports/verify', { method: 'POST', body }));
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form onSubmit={check} className="panel" data-testid="verify-form">
      <label>
        {t('byFile')}
        <input type="file" accept="application/pdf,.pdf" data-testid="verify-file" onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
      </label>
      <p className="small muted">{t('byFileHint', { mb })}</p>
      <label>
        {t('byId')}
        <input type="text" value={id} placeholder={t('idPlaceholder')} disabled={Boolean(file)} data-testid="verify-id" onChange={(e) => setId(e.target.value)} />
      </label>
      <button type="submit" disabled={busy} data-testid="verify-submit">
        {busy ? t('checking') : t('check')}
      </button>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {result && (
        <div role="status" aria-live="polite" data-testid="verify-result" data-verdict={result.verdict}>
          <h2>
            {t('result')}: <span className={result.verdict === 'valid' ? 'ok' : 'error'}>{t(`verdict.${result.verdict}`)}</span>
          </h2>
          <p>{t(`explain.${result.verdict}`)}</p>
          {result.stored && <p className="small">{t(`stored.${result.stored}`)}</p>}
          <dl className="small">
            <dt>{t(`kind.${result.kind}`)}</dt>
            <dd>
              <a href={reportHref(result)}>{t('open')}</a> · <code className="hash">{result.reportId}</code>
            </dd>
            {result.keyId && (
              <>
                <dt>{t('keyId')}</dt>
                <dd>
                  <code className="hash">{result.keyId}</code>
                </dd>
              </>
            )}
            {result.contentHash && (
              <>
                <dt>{t('contentHash')}</dt>
                <dd>
                  <code className="hash">{result.contentHash}</code>
                </dd>
              </>
            )}
          </dl>
        </div>
      )}
    </form>
  );
}

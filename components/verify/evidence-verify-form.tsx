'use client';

import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { useFormats } from '@/components/app/use-formats';
import { ApiErrorNotice } from '@/components/app/api-error';
import { apiFetch } from '@/lib/api/client';
import type { PackageVerification } from '@/lib/evidence/verify';

/** Upload an evidence package (ZIP); shows valid / altered (and which files) / unknown key. */
export function EvidenceVerifyForm({ maxBytes }: { maxBytes: number }) {
  const t = useTranslations('verify');
  const format = useFormats();
  const [file, setFile] = useState<File | null>(null);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<PackageVerification | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const mb = Math.round(maxBytes / (1024 * 1024));

  const check = async (event: React.FormEvent) => {
    event.preventDefault();
    setResult(null);
    setError(null);
    setNotice(null);
    if (!file) return setNotice(t('package.choose'));
    if (file.size > maxBytes) return setNotice(t('tooLarge', { mb }));
    setBusy(true);
    try {
      setResult(await apiFetch<PackageVerification>('/api/evidence/verify', { method: 'POST', file: { data: file, type: 'application/zip' } }));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form onSubmit={check} className="panel" data-testid="evidence-verify-form" aria-labelledby="package-heading">
      <h2 id="package-heading">{t('package.title')}</h2>
      <p className="small muted">{t('package.intro')}</p>
      <label>
        {t('package.file')}
        <input type="file" accept="application/zip,.zip" data-testid="evidence-file" onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
      </label>
      <p className="small muted">{t('package.fileHint', { mb })}</p>
      <button type="submit" disabled={busy} data-testid="evidence-submit">
        {busy ? t('checking') : t('check')}
      </button>
      {notice && (
        <p className="error" role="alert">
          {notice}
        </p>
      )}
      {error !== null && <ApiErrorNotice error={error} />}
      {result && (
        <div role="status" aria-live="polite" data-testid="evidence-result" data-verdict={result.verdict}>
          <h3>
            {t('result')}: <span className={result.verdict === 'valid' ? 'ok' : 'error'}>{t(`verdict.${result.verdict}`)}</span>
          </h3>
          <p>{t(`package.explain.${result.verdict}`)}</p>
          {result.segmentsNotAsRecorded > 0 && (
            <p className="error" data-testid="evidence-not-as-recorded">
              {t('package.notAsRecorded', { count: result.segmentsNotAsRecorded })}
            </p>
          )}
          <dl className="small">
            {result.incidentId && (
              <>
                <dt>{t('package.incident')}</dt>
                <dd>
                  <a href={`/alerts?alert=${result.incidentId}`}>{t('package.openAlert')}</a> · <code className="hash">{result.incidentId}</code>
                </dd>
              </>
            )}
            {result.exportedAt && (
              <>
                <dt>{t('package.exported')}</dt>
                <dd>{t('package.exportedBy', { time: format.dateTimeSeconds(result.exportedAt), name: result.exportedBy ?? '—' })}</dd>
              </>
            )}
            <dt>{t('package.contents')}</dt>
            <dd>{t('package.files', { files: result.files, size: format.fileSize(result.bytes) })}</dd>
            {result.clips.map((c) => (
              <dd key={`${c.cameraName}-${c.from}`}>
                {t('package.clip', { camera: c.cameraName, from: format.dateTimeSeconds(c.from), to: format.timeSeconds(c.to) })}
              </dd>
            ))}
            {result.keyId && (
              <>
                <dt>{t('keyId')}</dt>
                <dd>
                  <code className="hash">{result.keyId}</code>
                </dd>
              </>
            )}
          </dl>
          {result.problems.length > 0 && (
            <ul className="small" data-testid="evidence-problems">
              {result.problems.map((p) => (
                <li key={`${p.problem}-${p.path}`}>
                  {t(`package.problem.${p.problem}`)}: <code>{p.path}</code>
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </form>
  );
}

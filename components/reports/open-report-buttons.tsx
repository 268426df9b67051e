'use client';

import { useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { apiFetch, errorMessage } from '@/lib/api/client';

/** Opens (or creates) the report of the current or the previous shift and goes to it. */
export function OpenReportButtons({ previous }: { previous: { shiftDate: string; shiftIndex: number; label: string } }) {
  const t = useTranslations('reports');
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const open = async (body: Record<string, unknown>) => {
    setBusy(true);
    setError(null);
    try {
      const { id } = await apiFetch<{ id: string }>('/api/situation-reports', { method: 'POST', body });
      router.push(`/reports/${id}`);
    } catch (e) {
      setError(errorMessage(e));
      setBusy(false);
    }
  };
  return (
    <div className="toolbar">
      <button type="button" className="button primary" disabled={busy} onClick={() => void open({})} data-testid="open-current-report">
        {t('openCurrent')}
      </button>
      <button type="button" className="button" disabled={busy} onClick={() => void open({ shiftDate: previous.shiftDate, shiftIndex: previous.shiftIndex })} data-testid="open-previous-report">
        {t('openPrevious', { shift: previous.label })}
      </button>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}

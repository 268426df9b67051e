'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { FacilityEditForm } from '@/components/programme/facility-forms';
import type { AgencyOption } from '@/db/queries/programme';
import { apiFetch } from '@/lib/api/client';
import { describeApiError } from '@/components/programme/api-errors';

/** The registration form; a national user also names the province. */
export function RegisterFacility({ agencies, national }: { agencies: AgencyOption[]; national: boolean }) {
  const t = useTranslations('programme');
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [province, setProvince] = useState('');
  return (
    <div className="programme facility-view">
      <p className="breadcrumb">
        <Link href="/programme">{t('nav.dashboard')}</Link> ›
      </p>
      <h1>{t('nav.register')}</h1>
      {national && (
        <label className="stack-form">
          {t('fig.province')}
          <input value={province} onChange={(e) => setProvince(e.target.value.trim().toUpperCase())} placeholder="VN-13" pattern="VN-[0-9A-Z]{2}" required />
        </label>
      )}
      <div role="status" aria-live="polite">
        {error && <p className="error-text">{error}</p>}
      </div>
      <FacilityEditForm
        agencies={agencies}
        busy={busy}
        onCancel={() => router.push('/programme')}
        onSubmit={async (body) => {
          setBusy(true);
          setError(null);
          try {
            const { id } = await apiFetch<{ id: string }>('/api/facilities', { method: 'POST', body: { ...body, ...(national ? { provinceCode: province } : {}) } });
            router.push(`/programme/facilities/${id}`);
          } catch (err) {
            setError(describeApiError(err, t));
            setBusy(false);
          }
        }}
      />
    </div>
  );
}

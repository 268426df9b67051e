'use client';

import Link from 'next/link';
import { useLocale, useTranslations } from 'next-intl';
import { useCallback, useState } from 'react';
import { useLiveEvents } from '@/components/live/use-live-events';
import { describeApiError } from '@/components/programme/api-errors';
import {
  FacilityCamerasSection,
  FacilityContactsSection,
  FacilityDetailsSection,
  FacilityHistorySection,
  FacilityPipelineSection,
  type FacilityRights,
  type FacilitySectionProps,
  type Panel,
} from '@/components/programme/facility-sections';
import { StatusBadge } from '@/components/programme/status-badge';
import type { AgencyOption } from '@/db/queries/programme';
import { apiFetch } from '@/lib/api/client';
import type { FacilityPage } from '@/lib/programme/read';

export type { FacilityRights };

/** A facility: where it is in the programme, its contacts, cameras, uptime and outages, and the forms to move it on. */
export function FacilityView({ initial, rights, agencies, today }: { initial: FacilityPage; rights: FacilityRights; agencies: AgencyOption[]; today: string }) {
  const t = useTranslations('programme');
  const locale = useLocale();
  const [facility, setFacility] = useState(initial);
  const [panel, setPanel] = useState<Panel>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);

  const reload = useCallback(async () => {
    setFacility(await apiFetch<FacilityPage>(`/api/facilities/${initial.id}`));
  }, [initial.id]);
  useLiveEvents((event) => {
    if ((event.topic === 'facility' && event.facilityId === initial.id) || (event.topic === 'camera.status' && facility.cameras.some((c) => c.id === event.cameraId))) void reload();
  });

  const submit = async (url: string, method: 'POST' | 'PATCH' | 'DELETE', body: unknown, done: string) => {
    setBusy(true);
    setError(null);
    setNotice(null);
    try {
      await apiFetch(url, { method, body });
      setPanel(null);
      await reload();
      setNotice(done);
    } catch (err) {
      setError(describeApiError(err, t));
    } finally {
      setBusy(false);
    }
  };

  const name = (locale === 'en' && facility.nameEn) || facility.name;
  const closed = facility.closedAt !== null;
  const telecoms = agencies.filter((a) => a.kind === 'telecom' && (!rights.ownTelecom || a.id === rights.ownTelecom));
  const section: FacilitySectionProps = { facility, rights, panel, setPanel, busy, submit };

  return (
    <div className="programme facility-view" data-testid="facility-view" data-status={facility.status}>
      <p className="breadcrumb">
        <Link href="/programme">{t('nav.dashboard')}</Link> ›
      </p>
      <header className="overview-head">
        <h1>{name}</h1>
        <StatusBadge status={facility.status} />
        {facility.late && <span className="late-mark">{t('fig.late')}</span>}
        {closed && <span className="badge warning">{t('facility.closed', { reason: facility.closedReason ?? '' })}</span>}
      </header>
      {facility.isDemo && <p className="small muted">{t('facility.demoNote')}</p>}
      <div role="status" aria-live="polite" className="form-status">
        {notice && <p className="ok-text">{notice}</p>}
        {error && <p className="error-text">{error}</p>}
      </div>

      <div className="facility-grid">
        <FacilityDetailsSection {...section} agencies={agencies} />
        <FacilityPipelineSection {...section} today={today} telecoms={telecoms} />
        <FacilityCamerasSection facility={facility} />
        <FacilityContactsSection {...section} />
        <FacilityHistorySection facility={facility} />
      </div>
    </div>
  );
}

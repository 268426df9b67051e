'use client';

import type { useTranslations } from 'next-intl';
import { ApiError } from '@/lib/api/client';

type Translate = ReturnType<typeof useTranslations<'programme'>>;

/** The label of each field a programme form sends, by the last part of an issue's path. */
const FIELD_LABELS: Record<string, string> = {
  name: 'facility.name',
  nameEn: 'facility.nameEn',
  address: 'facility.address',
  managingAuthority: 'facility.managingAuthority',
  agencyId: 'facility.agency',
  telecomAgencyId: 'fig.telecom',
  capacity: 'fig.capacity',
  occupancy: 'facility.occupancy',
  position: 'errors.position',
  longitude: 'xlsx.longitude',
  latitude: 'xlsx.latitude',
  provinceCode: 'fig.province',
  phone: 'contacts.phone',
  email: 'contacts.email',
  reason: 'facility.closeReason',
  surveyedOn: 'survey.date',
  surveyors: 'survey.surveyors',
  areas: 'survey.areas',
  label: 'survey.areaLabel',
  existingCameras: 'survey.existing',
  camerasNeeded: 'survey.needed',
  notes: 'survey.notes',
  agreedOn: 'plan.agreedOn',
  camerasToConnect: 'plan.cameras',
  method: 'plan.method',
  targetDate: 'plan.target',
  date: 'reports.date',
  scope: 'reports.scope',
};

/**
 * What went wrong, in the reader's language: the server's reasons are for integrators (English),
 * so the interface names the fields to check and translates the refusals it knows.
 */
export function describeApiError(err: unknown, t: Translate): string {
  if (!(err instanceof ApiError)) return t('errors.network');
  const code = typeof err.details.code === 'string' ? err.details.code : null;
  if (code === 'closed') return t('errors.closed');
  if (code === 'out_of_order') return t('errors.outOfOrder', { stage: t(`status.${String(err.details.stage)}`) });
  if (code === 'outside_province') return t('errors.outsideProvince');
  if (code === 'outside_your_province') return t('errors.outsideYourProvince');
  if (err.status === 409) return typeof err.details.by === 'string' ? t('errors.conflictBy', { name: err.details.by }) : t('errors.conflict');
  if (err.status === 403) return t('errors.forbidden');
  if (err.status === 404) return t('errors.notFound');
  if (err.status === 413) return t('errors.tooLarge');
  const fields = [
    ...new Set(
      err.issues.map((issue) => {
        const parts = issue.path.split('.').filter((p) => p !== 'body' && !/^\d+$/.test(p));
        const key = FIELD_LABELS[parts.at(-1) ?? ''] ?? FIELD_LABELS[parts[0] ?? ''];
        return key ? t(key) : parts.join('.');
      }),
    ),
  ];
  return fields.length ? t('errors.checkFields', { fields: fields.join(', ') }) : t('errors.refusedGeneric');
}

'use client';

import { useTranslations } from 'next-intl';
import { useState, type FormEvent } from 'react';
import type { AgencyOption } from '@/db/queries/programme';
import type { FacilityPage } from '@/lib/programme/read';
import { EXISTING_CAMERA_STATES, SURVEY_AREAS } from '@/lib/programme/schemas';
import { ItemOptions, Options } from '@/components/app/options';

// The facility's forms: its details (also for registering one), a contact, a survey, a plan.
// Each hands its body to onSubmit; the page sends it and shows what the server said.

const num = (v: FormDataEntryValue | null) => Number(String(v ?? '').trim());
const str = (v: FormDataEntryValue | null) => String(v ?? '').trim();
const optional = (v: FormDataEntryValue | null) => str(v) || null;

function FormButtons({ busy, onCancel }: { busy: boolean; onCancel: () => void }) {
  const t = useTranslations('programme.form');
  return (
    <div className="actions">
      <button type="submit" disabled={busy}>
        {busy ? t('saving') : t('save')}
      </button>
      <button type="button" onClick={onCancel}>
        {t('cancel')}
      </button>
    </div>
  );
}

export function FacilityEditForm({ facility, agencies, busy, onSubmit, onCancel }: { facility?: FacilityPage; agencies: AgencyOption[]; busy: boolean; onSubmit: (body: Record<string, unknown>) => void; onCancel: () => void }) {
  const t = useTranslations('programme');
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const d = new FormData(e.currentTarget);
    onSubmit({
      name: str(d.get('name')),
      nameEn: optional(d.get('nameEn')),
      address: str(d.get('address')),
      managingAuthority: str(d.get('managingAuthority')),
      capacity: num(d.get('capacity')),
      occupancy: num(d.get('occupancy')),
      telecomAgencyId: optional(d.get('telecomAgencyId')),
      agencyId: optional(d.get('agencyId')),
      position: { longitude: num(d.get('longitude')), latitude: num(d.get('latitude')) },
    });
  };
  return (
    <form className="stack-form" onSubmit={submit} data-testid="facility-form">
      <label>
        {t('facility.name')}
        <input name="name" required maxLength={160} defaultValue={facility?.name} />
      </label>
      <label>
        {t('facility.nameEn')}
        <input name="nameEn" maxLength={160} defaultValue={facility?.nameEn ?? ''} />
      </label>
      <label>
        {t('facility.address')}
        <input name="address" required maxLength={300} defaultValue={facility?.address ?? ''} />
      </label>
      <label>
        {t('facility.managingAuthority')}
        <input name="managingAuthority" required maxLength={160} defaultValue={facility?.managingAuthority ?? ''} />
      </label>
      <label>
        {t('facility.agency')}
        <select name="agencyId" defaultValue={facility ? (facility.agencyId ?? '') : (agencies.find((a) => a.kind === 'health')?.id ?? '')}>
          <option value="">—</option>
          {agencies
            .filter((a) => a.kind === 'health' || a.kind === 'people_committee')
            .map((a) => (
              <option key={a.id} value={a.id}>
                {a.name}
              </option>
            ))}
        </select>
      </label>
      <label>
        {t('fig.telecom')}
        <select name="telecomAgencyId" defaultValue={facility?.telecomAgencyId ?? ''}>
          <option value="">{t('fig.noTelecom')}</option>
          {agencies
            .filter((a) => a.kind === 'telecom')
            .map((a) => (
              <option key={a.id} value={a.id}>
                {a.name}
              </option>
            ))}
        </select>
      </label>
      <div className="form-row">
        <label>
          {t('fig.capacity')}
          <input name="capacity" type="number" min={0} max={100000} required defaultValue={facility?.capacity ?? 100} />
        </label>
        <label>
          {t('facility.occupancy')}
          <input name="occupancy" type="number" min={0} max={100000} required defaultValue={facility?.occupancy ?? 0} />
        </label>
      </div>
      <div className="form-row">
        <label>
          {t('xlsx.longitude')}
          <input name="longitude" type="number" step="any" min={102} max={110} required defaultValue={facility?.lon} />
        </label>
        <label>
          {t('xlsx.latitude')}
          <input name="latitude" type="number" step="any" min={8} max={24} required defaultValue={facility?.lat} />
        </label>
      </div>
      <FormButtons busy={busy} onCancel={onCancel} />
    </form>
  );
}

export function ContactForm({ initial, busy, onSubmit, onCancel }: { initial?: FacilityPage['contacts'][number]; busy: boolean; onSubmit: (body: Record<string, unknown>) => void; onCancel: () => void }) {
  const t = useTranslations('programme');
  return (
    <form
      className="stack-form"
      data-testid="contact-form"
      onSubmit={(e) => {
        e.preventDefault();
        const d = new FormData(e.currentTarget);
        onSubmit({ name: str(d.get('name')), position: optional(d.get('position')), phone: str(d.get('phone')), email: optional(d.get('email')), isPrimary: d.get('isPrimary') === 'on' });
      }}
    >
      <label>
        {t('contacts.name')}
        <input name="name" required maxLength={120} defaultValue={initial?.name} />
      </label>
      <label>
        {t('contacts.position')}
        <input name="position" maxLength={120} defaultValue={initial?.position ?? ''} />
      </label>
      <label>
        {t('contacts.phone')}
        <input name="phone" type="tel" required inputMode="tel" pattern="\+?[0-9][0-9 .()\-]*[0-9]" defaultValue={initial?.phone} />
      </label>
      <label>
        {t('contacts.email')}
        <input name="email" type="email" maxLength={254} defaultValue={initial?.email ?? ''} />
      </label>
      <label className="check">
        <input name="isPrimary" type="checkbox" defaultChecked={initial?.isPrimary ?? false} /> {t('contacts.primary')}
      </label>
      <FormButtons busy={busy} onCancel={onCancel} />
    </form>
  );
}

export function SurveyForm({ today, busy, onSubmit, onCancel }: { today: string; busy: boolean; onSubmit: (body: Record<string, unknown>) => void; onCancel: () => void }) {
  const t = useTranslations('programme');
  const [areas, setAreas] = useState(SURVEY_AREAS.filter((a) => a !== 'other').map((area) => ({ area: area as string, label: '', covered: false })));
  const [cameras, setCameras] = useState<{ label: string; state: string }[]>([]);
  return (
    <form
      className="stack-form"
      data-testid="survey-form"
      onSubmit={(e) => {
        e.preventDefault();
        const d = new FormData(e.currentTarget);
        onSubmit({
          surveyedOn: str(d.get('surveyedOn')),
          surveyors: str(d.get('surveyors')),
          existingCameras: cameras.filter((c) => c.label.trim()),
          areas,
          camerasNeeded: num(d.get('camerasNeeded')),
          notes: optional(d.get('notes')),
        });
      }}
    >
      <label>
        {t('survey.date')}
        <input name="surveyedOn" type="date" required defaultValue={today} />
      </label>
      <label>
        {t('survey.surveyors')}
        <input name="surveyors" required maxLength={300} />
      </label>
      <fieldset>
        <legend>{t('survey.areas')}</legend>
        {areas.map((a, i) => (
          <div key={i} className="form-row">
            <select aria-label={t('survey.areaKind')} value={a.area} onChange={(e) => setAreas(areas.map((x, j) => (j === i ? { ...x, area: e.target.value } : x)))}>
              <Options values={SURVEY_AREAS} label={(k) => t(`area.${k}`)} />
            </select>
            <input aria-label={t('survey.areaLabel')} placeholder={t('survey.areaLabel')} value={a.label} maxLength={120} onChange={(e) => setAreas(areas.map((x, j) => (j === i ? { ...x, label: e.target.value } : x)))} />
            <label className="check">
              <input type="checkbox" checked={a.covered} onChange={(e) => setAreas(areas.map((x, j) => (j === i ? { ...x, covered: e.target.checked } : x)))} /> {t('facility.covered')}
            </label>
          </div>
        ))}
        <button type="button" className="link" onClick={() => setAreas([...areas, { area: 'other', label: '', covered: false }])}>
          {t('survey.addArea')}
        </button>
      </fieldset>
      <fieldset>
        <legend>{t('survey.existing')}</legend>
        {cameras.map((c, i) => (
          <div key={i} className="form-row">
            <input aria-label={t('survey.cameraLabel')} placeholder={t('survey.cameraLabel')} value={c.label} maxLength={120} onChange={(e) => setCameras(cameras.map((x, j) => (j === i ? { ...x, label: e.target.value } : x)))} />
            <select aria-label={t('survey.cameraState')} value={c.state} onChange={(e) => setCameras(cameras.map((x, j) => (j === i ? { ...x, state: e.target.value } : x)))}>
              <Options values={EXISTING_CAMERA_STATES} label={(s) => t(`cameraState.${s}`)} />
            </select>
          </div>
        ))}
        <button type="button" className="link" onClick={() => setCameras([...cameras, { label: '', state: 'working' }])}>
          {t('survey.addCamera')}
        </button>
      </fieldset>
      <label>
        {t('survey.needed')}
        <input name="camerasNeeded" type="number" min={0} max={1000} required defaultValue={2} />
      </label>
      <label>
        {t('survey.notes')}
        <textarea name="notes" maxLength={2000} rows={2} />
      </label>
      <FormButtons busy={busy} onCancel={onCancel} />
    </form>
  );
}

export function PlanForm({ today, telecoms, defaultTelecom, needed, busy, onSubmit, onCancel }: { today: string; telecoms: AgencyOption[]; defaultTelecom: string; needed: number; busy: boolean; onSubmit: (body: Record<string, unknown>) => void; onCancel: () => void }) {
  const t = useTranslations('programme');
  return (
    <form
      className="stack-form"
      data-testid="plan-form"
      onSubmit={(e) => {
        e.preventDefault();
        const d = new FormData(e.currentTarget);
        onSubmit({
          agreedOn: str(d.get('agreedOn')),
          telecomAgencyId: str(d.get('telecomAgencyId')),
          camerasToConnect: num(d.get('camerasToConnect')),
          method: str(d.get('method')),
          targetDate: str(d.get('targetDate')),
          notes: optional(d.get('notes')),
        });
      }}
    >
      <label>
        {t('plan.agreedOn')}
        <input name="agreedOn" type="date" required defaultValue={today} />
      </label>
      <label>
        {t('fig.telecom')}
        <select name="telecomAgencyId" required defaultValue={defaultTelecom}>
          <ItemOptions items={telecoms} />
        </select>
      </label>
      <label>
        {t('plan.cameras')}
        <input name="camerasToConnect" type="number" min={1} max={1000} required defaultValue={Math.max(1, needed)} />
      </label>
      <label>
        {t('plan.method')}
        <input name="method" required maxLength={300} />
      </label>
      <label>
        {t('plan.target')}
        <input name="targetDate" type="date" required min={today} />
      </label>
      <label>
        {t('survey.notes')}
        <textarea name="notes" maxLength={2000} rows={2} />
      </label>
      <FormButtons busy={busy} onCancel={onCancel} />
    </form>
  );
}

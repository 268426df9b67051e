'use client';

import Link from 'next/link';
import { useLocale, useTranslations } from 'next-intl';
import { useCallback, useState, type FormEvent, type ReactNode } from 'react';
import { useFormats } from '@/components/app/use-formats';
import { useLiveEvents } from '@/components/live/use-live-events';
import { StatusBadge } from '@/components/programme/status-badge';
import type { AgencyOption } from '@/db/queries/programme';
import { apiFetch } from '@/lib/api/client';
import { describeApiError } from '@/components/programme/api-errors';
import { provinceName } from '@/lib/geo/provinces';
import type { FacilityPage } from '@/lib/programme/read';
import { EXISTING_CAMERA_STATES, SURVEY_AREAS } from '@/lib/programme/schemas';
import { stepAllowed } from '@/lib/programme/status';
import { localInstant } from '@/lib/domain/local-time';

export interface FacilityRights {
  canWrite: boolean;
  canProgress: boolean;
  /** Telecom staff agree plans for their own company only. */
  ownTelecom: string | null;
}

type Panel = null | 'edit' | 'close' | 'contact' | 'survey' | 'plan' | 'connect' | { contactId: string };

/** A facility: where it is in the programme, its contacts, cameras, uptime and outages, and the forms to move it on. */
export function FacilityView({ initial, rights, agencies, today }: { initial: FacilityPage; rights: FacilityRights; agencies: AgencyOption[]; today: string }) {
  const t = useTranslations('programme');
  const f = useFormats();
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
  const date = (d: string | null) => (d ? f.date(localInstant(d, 12 * 60)) : '—');
  const pct = (v: number | null) => (v === null ? '—' : f.percent(v / 100, 1));
  const closed = facility.closedAt !== null;
  const telecoms = agencies.filter((a) => a.kind === 'telecom' && (!rights.ownTelecom || a.id === rights.ownTelecom));

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
        <section className="panel" aria-labelledby="facility-details">
          <h2 id="facility-details">{t('facility.details')}</h2>
          <dl className="facts">
            <Fact label={t('facility.address')}>{facility.address ?? '—'}</Fact>
            <Fact label={t('fig.province')}>{provinceName(facility.provinceCode, locale)}</Fact>
            <Fact label={t('facility.managingAuthority')}>{facility.managingAuthority ?? '—'}</Fact>
            <Fact label={t('facility.agency')}>{facility.agencyName ?? '—'}</Fact>
            <Fact label={t('fig.telecom')}>{facility.telecomName ?? t('fig.noTelecom')}</Fact>
            <Fact label={t('facility.people')}>{t('facility.peopleValue', { people: f.number(facility.occupancy), capacity: f.number(facility.capacity) })}</Fact>
            <Fact label={t('fig.due')}>{date(facility.due)}</Fact>
            <Fact label={t('facility.statusSince')}>{f.dateTime(facility.statusSince)}</Fact>
          </dl>
          {rights.canWrite && (
            <div className="actions">
              <button type="button" onClick={() => setPanel(panel === 'edit' ? null : 'edit')} aria-expanded={panel === 'edit'}>
                {t('facility.edit')}
              </button>
              {closed ? (
                <button type="button" disabled={busy} onClick={() => void submit(`/api/facilities/${facility.id}`, 'PATCH', { baseVersion: facility.version, closed: null }, t('facility.reopened'))}>
                  {t('facility.reopen')}
                </button>
              ) : (
                <button type="button" onClick={() => setPanel(panel === 'close' ? null : 'close')} aria-expanded={panel === 'close'}>
                  {t('facility.close')}
                </button>
              )}
            </div>
          )}
          {panel === 'edit' && <FacilityEditForm facility={facility} agencies={agencies} busy={busy} onSubmit={(body) => void submit(`/api/facilities/${facility.id}`, 'PATCH', { ...body, baseVersion: facility.version }, t('facility.saved'))} onCancel={() => setPanel(null)} />}
          {panel === 'close' && (
            <form
              className="stack-form"
              onSubmit={(e) => {
                e.preventDefault();
                const reason = String(new FormData(e.currentTarget).get('reason') ?? '');
                void submit(`/api/facilities/${facility.id}`, 'PATCH', { baseVersion: facility.version, closed: { reason } }, t('facility.closedNotice'));
              }}
            >
              <label>
                {t('facility.closeReason')}
                <input name="reason" required maxLength={500} />
              </label>
              <button type="submit" disabled={busy}>
                {t('facility.close')}
              </button>
            </form>
          )}
        </section>

        <section className="panel" aria-labelledby="facility-pipeline">
          <h2 id="facility-pipeline">{t('facility.pipeline')}</h2>
          <ol className="pipeline" data-testid="pipeline">
            <Step done={facility.survey !== null} label={t('step.survey')}>
              {facility.survey
                ? t('facility.surveyDone', { date: date(facility.survey.surveyedOn), by: facility.survey.surveyors, needed: facility.survey.camerasNeeded })
                : t('facility.notYet')}
            </Step>
            <Step done={facility.plan !== null} label={t('step.plan')}>
              {facility.plan
                ? t('facility.planDone', { date: date(facility.plan.agreedOn), telecom: facility.plan.telecomName ?? '', count: facility.plan.camerasToConnect, target: date(facility.plan.targetDate) })
                : t('facility.notYet')}
            </Step>
            <Step done={facility.stage === 'connecting'} label={t('step.connect')}>
              {facility.stage === 'connecting' ? t('facility.connectingDone') : t('facility.notYet')}
            </Step>
            <Step done={facility.status === 'connected'} label={t('status.connected')}>
              {t('facility.connectedRule', { live: facility.camerasLive, required: facility.requiredCameras ?? 0 })}
            </Step>
          </ol>
          {facility.survey && (
            <details>
              <summary>{t('facility.surveyDetails')}</summary>
              <ul className="plain">
                {facility.survey.areas.map((a, i) => (
                  <li key={i}>
                    {a.covered ? '✓' : '✗'} {t(`area.${a.area}`)}
                    {a.label ? `: ${a.label}` : ''} — {a.covered ? t('facility.covered') : t('facility.notCovered')}
                  </li>
                ))}
                {facility.survey.existingCameras.map((c, i) => (
                  <li key={`c${i}`}>
                    {t('facility.existingCamera', { label: c.label, state: t(`cameraState.${c.state}`) })}
                  </li>
                ))}
              </ul>
            </details>
          )}
          {rights.canProgress && !closed && (
            <div className="actions">
              {stepAllowed('survey', facility.stage) && (
                <button type="button" onClick={() => setPanel(panel === 'survey' ? null : 'survey')} aria-expanded={panel === 'survey'} data-testid="open-survey">
                  {facility.survey ? t('step.resurvey') : t('step.recordSurvey')}
                </button>
              )}
              {stepAllowed('plan', facility.stage) && (
                <button type="button" onClick={() => setPanel(panel === 'plan' ? null : 'plan')} aria-expanded={panel === 'plan'} data-testid="open-plan">
                  {facility.plan ? t('step.replan') : t('step.recordPlan')}
                </button>
              )}
              {stepAllowed('connect', facility.stage) && (
                <button type="button" data-testid="start-connect" onClick={() => setPanel(panel === 'connect' ? null : 'connect')} aria-expanded={panel === 'connect'}>
                  {t('step.startConnect')}
                </button>
              )}
            </div>
          )}
          {panel === 'connect' && (
            <div className="stack-form" role="group" aria-label={t('step.startConnect')}>
              <p>{t('step.confirmConnect')}</p>
              <div className="actions">
                <button type="button" disabled={busy} data-testid="confirm-connect" onClick={() => void submit(`/api/facilities/${facility.id}/steps/connect`, 'POST', {}, t('step.connectStarted'))}>
                  {t('step.confirm')}
                </button>
                <button type="button" onClick={() => setPanel(null)}>
                  {t('form.cancel')}
                </button>
              </div>
            </div>
          )}
          {panel === 'survey' && <SurveyForm today={today} busy={busy} onCancel={() => setPanel(null)} onSubmit={(body) => void submit(`/api/facilities/${facility.id}/steps/survey`, 'POST', body, t('step.surveySaved'))} />}
          {panel === 'plan' && (
            <PlanForm today={today} busy={busy} telecoms={telecoms} defaultTelecom={facility.telecomAgencyId ?? telecoms[0]?.id ?? ''} needed={facility.survey?.camerasNeeded ?? 1} onCancel={() => setPanel(null)} onSubmit={(body) => void submit(`/api/facilities/${facility.id}/steps/plan`, 'POST', body, t('step.planSaved'))} />
          )}
        </section>

        <section className="panel" aria-labelledby="facility-cameras">
          <h2 id="facility-cameras">{t('facility.cameras')}</h2>
          <p className="facility-uptime" data-testid="facility-uptime">
            {t('facility.liveNow', { live: facility.camerasLive, total: facility.camerasTotal })} · {t('facility.uptimeToday', { pct: pct(facility.uptimeTodayPct) })} ·{' '}
            {t('facility.uptime7d', { pct: pct(facility.uptime7dPct) })}
          </p>
          {facility.cameras.length === 0 ? (
            <p className="muted">{t('facility.noCameras')}</p>
          ) : (
            <ul className="plain camera-states">
              {facility.cameras.map((c) => (
                <li key={c.id} className={`cam-${c.status}`}>
                  <span className="dot" aria-hidden="true" /> {(locale === 'en' && c.nameEn) || c.name} — {t(`cameraStatus.${c.status}`)} · {t('facility.since', { time: f.dateTime(c.statusSince) })}
                </li>
              ))}
            </ul>
          )}
          <h3>{t('facility.outages', { count: facility.outages.length })}</h3>
          {facility.outages.length === 0 ? (
            <p className="muted">{t('report.none')}</p>
          ) : (
            <div className="table-scroll short">
              <table className="data" data-testid="outage-table">
                <thead>
                  <tr>
                    <th scope="col">{t('fig.camera')}</th>
                    <th scope="col">{t('fig.from')}</th>
                    <th scope="col">{t('fig.to')}</th>
                    <th scope="col" className="num">{t('fig.duration')}</th>
                  </tr>
                </thead>
                <tbody>
                  {facility.outages.map((o, i) => (
                    <tr key={`${o.cameraId}-${i}`}>
                      <th scope="row">{o.cameraName}</th>
                      <td>{f.dateTime(o.start)}</td>
                      <td>{o.end ? f.dateTime(o.end) : t('fig.ongoing')}</td>
                      <td className="num">{f.duration(o.seconds)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </section>

        <section className="panel" aria-labelledby="facility-contacts">
          <h2 id="facility-contacts">{t('facility.contacts')}</h2>
          {facility.contacts.length === 0 ? (
            <p className="muted">{t('facility.noContacts')}</p>
          ) : (
            <ul className="plain contacts" data-testid="contact-list">
              {facility.contacts.map((c) => (
                <li key={c.id}>
                  <strong>{c.name}</strong>
                  {c.isPrimary && <span className="badge"> {t('contacts.primary')}</span>}
                  {c.position ? ` · ${c.position}` : ''} · <a href={`tel:${c.phone.replace(/[^\d+]/g, '')}`}>{c.phone}</a>
                  {c.email && (
                    <>
                      {' '}
                      · <a href={`mailto:${c.email}`}>{c.email}</a>
                    </>
                  )}
                  {rights.canWrite && (
                    <span className="row-actions">
                      <button type="button" className="link" onClick={() => setPanel({ contactId: c.id })} aria-label={t('facility.editContact', { name: c.name })}>
                        {t('facility.edit')}
                      </button>
                      <button type="button" className="link" disabled={busy} aria-label={t('facility.removeContact', { name: c.name })} onClick={() => void submit(`/api/facilities/${facility.id}/contacts/${c.id}`, 'DELETE', undefined, t('facility.contactRemoved'))}>
                        {t('facility.remove')}
                      </button>
                    </span>
                  )}
                </li>
              ))}
            </ul>
          )}
          {rights.canWrite && (
            <button type="button" onClick={() => setPanel(panel === 'contact' ? null : 'contact')} aria-expanded={panel === 'contact'} data-testid="add-contact">
              {t('facility.addContact')}
            </button>
          )}
          {panel === 'contact' && <ContactForm busy={busy} onCancel={() => setPanel(null)} onSubmit={(body) => void submit(`/api/facilities/${facility.id}/contacts`, 'POST', body, t('facility.contactSaved'))} />}
          {panel !== null && typeof panel === 'object' && (
            <ContactForm
              busy={busy}
              initial={facility.contacts.find((c) => c.id === panel.contactId)}
              onCancel={() => setPanel(null)}
              onSubmit={(body) => void submit(`/api/facilities/${facility.id}/contacts/${panel.contactId}`, 'PATCH', body, t('facility.contactSaved'))}
            />
          )}
        </section>

        <section className="panel facility-history" aria-labelledby="facility-history">
          <h2 id="facility-history">{t('facility.history')}</h2>
          <ol className="plain history" data-testid="facility-history">
            {facility.history.map((h) => (
              <li key={h.id}>
                <time dateTime={h.at}>{f.dateTime(h.at)}</time> · {t(`event.${h.kind}`)}
                {h.toStatus && h.kind === 'status' ? `: ${t(`status.${h.fromStatus ?? 'not_surveyed'}`)} → ${t(`status.${h.toStatus}`)}` : ''} · {h.actorName ?? t('facility.system')}
              </li>
            ))}
          </ol>
        </section>
      </div>
    </div>
  );
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </>
  );
}

function Step({ done, label, children }: { done: boolean; label: string; children: ReactNode }) {
  return (
    <li className={done ? 'done' : 'todo'}>
      <span className="step-mark" aria-hidden="true">
        {done ? '✓' : '○'}
      </span>
      <strong>{label}</strong>
      <span className="sr-only">{done ? ' ✓' : ''}</span> — {children}
    </li>
  );
}

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

function ContactForm({ initial, busy, onSubmit, onCancel }: { initial?: FacilityPage['contacts'][number]; busy: boolean; onSubmit: (body: Record<string, unknown>) => void; onCancel: () => void }) {
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

function SurveyForm({ today, busy, onSubmit, onCancel }: { today: string; busy: boolean; onSubmit: (body: Record<string, unknown>) => void; onCancel: () => void }) {
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
              {SURVEY_AREAS.map((k) => (
                <option key={k} value={k}>
                  {t(`area.${k}`)}
                </option>
              ))}
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
              {EXISTING_CAMERA_STATES.map((s) => (
                <option key={s} value={s}>
                  {t(`cameraState.${s}`)}
                </option>
              ))}
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

function PlanForm({ today, telecoms, defaultTelecom, needed, busy, onSubmit, onCancel }: { today: string; telecoms: AgencyOption[]; defaultTelecom: string; needed: number; busy: boolean; onSubmit: (body: Record<string, unknown>) => void; onCancel: () => void }) {
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
          {telecoms.map((a) => (
            <option key={a.id} value={a.id}>
              {a.name}
            </option>
          ))}
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

'use client';

import { useLocale, useTranslations } from 'next-intl';
import type { ReactNode } from 'react';
import { useFormats } from '@/components/app/use-formats';
import { ContactForm, FacilityEditForm, PlanForm, SurveyForm } from '@/components/programme/facility-forms';
import type { AgencyOption } from '@/db/queries/programme';
import { localInstant } from '@/lib/domain/local-time';
import { provinceName } from '@/lib/geo/provinces';
import type { FacilityPage } from '@/lib/programme/read';
import { stepAllowed } from '@/lib/programme/status';
import { OutageTable } from '@/components/programme/outage-table';

// The facility page's sections, one job each: its details, where it is in the programme, its
// cameras and outages, its contacts, its history. State and the one way to send a change
// (submit) belong to the page (facility-view.tsx) and are handed to each.

export interface FacilityRights {
  canWrite: boolean;
  canProgress: boolean;
  /** Telecom staff agree plans for their own company only. */
  ownTelecom: string | null;
}

/** Which form is open: one at a time across the page. */
export type Panel = null | 'edit' | 'close' | 'contact' | 'survey' | 'plan' | 'connect' | { contactId: string };

export interface FacilitySectionProps {
  facility: FacilityPage;
  rights: FacilityRights;
  panel: Panel;
  setPanel: (panel: Panel) => void;
  busy: boolean;
  /** Sends a change, closes the form, reloads the facility and says `done`. */
  submit: (url: string, method: 'POST' | 'PATCH' | 'DELETE', body: unknown, done: string) => Promise<void>;
}

/** Address, authority, agency, telecom, occupancy and due date; editing and closing. */
export function FacilityDetailsSection({ facility, rights, panel, setPanel, busy, submit, agencies }: FacilitySectionProps & { agencies: AgencyOption[] }) {
  const t = useTranslations('programme');
  const f = useFormats();
  const locale = useLocale();
  const date = (d: string | null) => (d ? f.date(localInstant(d, 12 * 60)) : '—');
  const closed = facility.closedAt !== null;
  return (
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
  );
}

/** The programme's steps (survey, plan, connect, connected) and the forms that take the next one. */
export function FacilityPipelineSection({ facility, rights, panel, setPanel, busy, submit, today, telecoms }: FacilitySectionProps & { today: string; telecoms: AgencyOption[] }) {
  const t = useTranslations('programme');
  const f = useFormats();
  const date = (d: string | null) => (d ? f.date(localInstant(d, 12 * 60)) : '—');
  const closed = facility.closedAt !== null;
  return (
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
  );
}

/** The people to call at the facility, and adding, editing and removing them. */
export function FacilityContactsSection({ facility, rights, panel, setPanel, busy, submit }: FacilitySectionProps) {
  const t = useTranslations('programme');
  return (
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
  );
}

/** Its cameras' states now, uptime today and over 7 days, and the outages. */
export function FacilityCamerasSection({ facility }: { facility: FacilityPage }) {
  const t = useTranslations('programme');
  const f = useFormats();
  const locale = useLocale();
  const pct = (v: number | null) => (v === null ? '—' : f.percent(v / 100, 1));
  return (
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
          <OutageTable outages={facility.outages} withFacility={false} testId="outage-table" />
        </div>
      )}
    </section>
  );
}

/** Every step and status change, newest first, with who made it. */
export function FacilityHistorySection({ facility }: { facility: FacilityPage }) {
  const t = useTranslations('programme');
  const f = useFormats();
  return (
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

'use client';

import { useLocale, useTranslations } from 'next-intl';
import { useEffect, useState } from 'react';
import { useFormats } from '@/components/app/use-formats';
import type { DispatchSuggestion } from '@/db/queries/roster';
import type { AlertContext } from '@/lib/alerts/context';
import { ALERT_PRIORITIES, RESOLUTION_OUTCOMES, SNOOZE_MINUTES, type AlertAction, type HandlingAction, type ResolutionOutcome } from '@/lib/domain/alerts';
import { ApiError, apiFetch, errorMessage } from '@/lib/api/client';
import { ItemOptions, Options } from '@/components/app/options';

interface Conflict {
  actorName: string | null;
  action: string;
  at: string;
}

/**
 * What a duty officer can do with an alert group now, each with what it needs: a team to send,
 * an outcome (and how many were intercepted), a reason to dismiss. A stale view is refused by
 * the server; the officer is told who acted first, and the alert reloads.
 */
export function AlertActions({ context, onDone, onConflict }: { context: AlertContext; onDone: () => void; onConflict: () => void }) {
  const t = useTranslations('alerts');
  const format = useFormats();
  const locale = useLocale();
  const [open, setOpen] = useState<AlertAction | HandlingAction | null>(null);
  const [snoozeMinutes, setSnoozeMinutes] = useState<number>(15);
  const [assignee, setAssignee] = useState<string>('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [conflict, setConflict] = useState<Conflict | null>(null);
  const [suggestions, setSuggestions] = useState<DispatchSuggestion[] | null>(null);
  const [teams, setTeams] = useState<string[]>([]);
  const [outcome, setOutcome] = useState<ResolutionOutcome | ''>('');
  const [intercepted, setIntercepted] = useState('');
  const [note, setNote] = useState('');
  const [reason, setReason] = useState('');
  const { group } = context;

  useEffect(() => {
    if (open !== 'dispatch') return;
    apiFetch<{ suggestions: DispatchSuggestion[] }>(`/api/alerts/${group.id}/dispatch-suggestions`)
      .then((r) => {
        setSuggestions(r.suggestions);
        const first = r.suggestions.find((s) => !s.alreadySent);
        setTeams(first ? [first.teamId] : []);
      })
      .catch((e: unknown) => setError(errorMessage(e)));
  }, [open, group.id]);

  const send = (body: Record<string, unknown>) => {
    setBusy(true);
    setError(null);
    apiFetch(`/api/alerts/${group.id}/transitions`, { method: 'POST', body: { ...body, version: group.version } })
      .then(() => {
        setOpen(null);
        setConflict(null);
        setNote('');
        setReason('');
        setOutcome('');
        setIntercepted('');
        onDone();
      })
      .catch((e: unknown) => {
        if (e instanceof ApiError && e.status === 409) {
          const last = e.details.lastChange as Conflict | null | undefined;
          setConflict(last ?? { actorName: null, action: 'change', at: new Date().toISOString() });
          setOpen(null);
          onConflict();
        } else setError(errorMessage(e));
      })
      .finally(() => setBusy(false));
  };

  const choose = (action: AlertAction | HandlingAction) => {
    setError(null);
    if (action === 'acknowledge' || action === 'unsnooze') send({ action });
    else setOpen(open === action ? null : action);
  };
  // Snoozing a snoozed group is waking it up; the others are offered as they are.
  const handling = context.handling.filter((h) => (group.snoozedUntil ? h !== 'snooze' : h !== 'unsnooze'));

  const presets = [t('dismissPreset.animal'), t('dismissPreset.duplicate'), t('dismissPreset.maintenance'), t('dismissPreset.test')];

  return (
    <div className="alert-actions" data-testid="alert-actions">
      {conflict && (
        <p className="notice" role="alert" data-testid="alert-conflict">
          {t('conflict', {
            name: conflict.actorName ?? t('system'),
            action: t(`historyAction.${conflict.action}` as 'historyAction.acknowledge'),
            time: format.timeSeconds(conflict.at),
          })}
        </p>
      )}
      <div className="action-buttons">
        {context.actions.length === 0 && <span className="muted">{t('noActions')}</span>}
        {context.actions.map((a) => (
          <button
            key={a}
            type="button"
            className={`button${a === 'acknowledge' ? ' primary' : ''}${open === a ? ' active' : ''}`}
            aria-expanded={a === 'acknowledge' ? undefined : open === a}
            disabled={busy}
            onClick={() => choose(a)}
            data-testid={`action-${a}`}
          >
            {t(`action.${a}`)}
          </button>
        ))}
      </div>

      {handling.length > 0 && (
        <div className="action-buttons handling" data-testid="handling-actions">
          {handling.map((h) => (
            <button
              key={h}
              type="button"
              className={`button small ghost${open === h ? ' active' : ''}`}
              aria-expanded={h === 'unsnooze' ? undefined : open === h}
              disabled={busy}
              onClick={() => {
                if (h === 'assign') setAssignee(group.assignedTo ?? '');
                choose(h);
              }}
              data-testid={`handling-${h}`}
            >
              {t(`handling.${h}`)}
            </button>
          ))}
        </div>
      )}

      {open === 'snooze' && (
        <form
          className="action-form"
          onSubmit={(e) => {
            e.preventDefault();
            send({ action: 'snooze', minutes: snoozeMinutes, reason: reason.trim() });
          }}
        >
          <label>
            {t('snoozeFor')}
            <select value={snoozeMinutes} onChange={(e) => setSnoozeMinutes(Number(e.target.value))} data-testid="snooze-minutes">
              <Options values={SNOOZE_MINUTES} label={(m) => t('minutes', { count: m })} />
            </select>
          </label>
          <label>
            {t('snoozeReason')}
            <input value={reason} onChange={(e) => setReason(e.target.value)} required minLength={3} maxLength={500} data-testid="snooze-reason" />
          </label>
          <button type="submit" className="button" disabled={busy || reason.trim().length < 3} data-testid="confirm-snooze">
            {t('handling.snooze')}
          </button>
        </form>
      )}

      {open === 'assign' && (
        <form
          className="action-form"
          onSubmit={(e) => {
            e.preventDefault();
            send({ action: 'assign', userId: assignee || null, ...(note.trim() ? { note: note.trim() } : {}) });
          }}
        >
          <label>
            {t('assignTo')}
            <select value={assignee} onChange={(e) => setAssignee(e.target.value)} data-testid="assign-to">
              <option value="">{t('unassigned')}</option>
              <ItemOptions items={context.assignees} label={(u) => u.displayName} />
            </select>
          </label>
          <label>
            {t('handoverNote')}
            <textarea value={note} onChange={(e) => setNote(e.target.value)} rows={2} maxLength={2000} data-testid="handover-note" />
          </label>
          <button type="submit" className="button" disabled={busy} data-testid="confirm-assign">
            {t('save')}
          </button>
        </form>
      )}

      {open === 'prioritize' && (
        <form className="action-form" onSubmit={(e) => e.preventDefault()}>
          <fieldset>
            <legend>{t('priorityLabel')}</legend>
            {ALERT_PRIORITIES.map((p) => (
              <label key={p} className="radio">
                <input type="radio" name="priority" checked={group.priority === p} disabled={busy} onChange={() => send({ action: 'prioritize', priority: p })} data-testid={`priority-${p}`} />
                {t(`priority.${p}`)}
              </label>
            ))}
          </fieldset>
        </form>
      )}

      {open === 'dispatch' && (
        <form
          className="action-form"
          onSubmit={(e) => {
            e.preventDefault();
            send({ action: 'dispatch', teamIds: teams, ...(note.trim() ? { note: note.trim() } : {}) });
          }}
        >
          <fieldset>
            <legend>{t('dispatchTitle')}</legend>
            {!suggestions && <p className="muted">{t('loading')}</p>}
            {suggestions?.length === 0 && <p className="muted">{t('noStaffedPosts')}</p>}
            <ul className="plain suggestions" data-testid="dispatch-suggestions">
              {suggestions?.map((s) => (
                <li key={s.teamId}>
                  <label>
                    <input
                      type="checkbox"
                      checked={teams.includes(s.teamId)}
                      disabled={s.alreadySent}
                      onChange={(e) => setTeams((list) => (e.target.checked ? [...list, s.teamId] : list.filter((x) => x !== s.teamId)))}
                    />
                    <strong>{locale === 'en' ? s.checkpointNameEn || s.checkpointName : s.checkpointName}</strong> · {s.teamName}
                    {s.callSign ? ` (${s.callSign})` : ''} · {t('officers', { count: s.officerCount })} · {format.distance(s.distanceM)}
                    {s.alreadySent ? ` · ${t('alreadySent')}` : ''}
                  </label>
                </li>
              ))}
            </ul>
          </fieldset>
          <label>
            {t('note')}
            <textarea value={note} onChange={(e) => setNote(e.target.value)} rows={2} maxLength={2000} />
          </label>
          <button type="submit" className="button primary" disabled={busy || teams.length === 0} data-testid="confirm-dispatch">
            {t('sendTeams', { count: teams.length })}
          </button>
        </form>
      )}

      {open === 'resolve' && (
        <form
          className="action-form"
          onSubmit={(e) => {
            e.preventDefault();
            if (!outcome) return;
            send({
              action: 'resolve',
              outcome,
              ...(outcome === 'intercepted' ? { interceptedCount: Number(intercepted) } : {}),
              ...(note.trim() ? { note: note.trim() } : {}),
            });
          }}
        >
          <fieldset>
            <legend>{t('outcomeLabel')}</legend>
            {RESOLUTION_OUTCOMES.map((o) => (
              <label key={o} className="radio">
                <input type="radio" name="outcome" value={o} checked={outcome === o} onChange={() => setOutcome(o)} required data-testid={`outcome-${o}`} />
                {t(`outcome.${o}`)}
              </label>
            ))}
          </fieldset>
          {outcome === 'intercepted' && (
            <label>
              {t('interceptedLabel')}
              <input type="number" min={1} max={10000} step={1} value={intercepted} onChange={(e) => setIntercepted(e.target.value)} required data-testid="intercepted-count" />
            </label>
          )}
          <label>
            {t('note')}
            <textarea value={note} onChange={(e) => setNote(e.target.value)} rows={2} maxLength={2000} />
          </label>
          <button type="submit" className="button primary" disabled={busy || !outcome || (outcome === 'intercepted' && !(Number(intercepted) >= 1))} data-testid="confirm-resolve">
            {t('action.resolve')}
          </button>
        </form>
      )}

      {open === 'dismiss' && (
        <form
          className="action-form"
          onSubmit={(e) => {
            e.preventDefault();
            send({ action: 'dismiss', reason: reason.trim() });
          }}
        >
          <label>
            {t('dismissReason')}
            <textarea value={reason} onChange={(e) => setReason(e.target.value)} rows={2} required minLength={3} maxLength={1000} data-testid="dismiss-reason" />
          </label>
          <div className="presets">
            {presets.map((p) => (
              <button key={p} type="button" className="button small ghost" onClick={() => setReason(p)}>
                {p}
              </button>
            ))}
          </div>
          <button type="submit" className="button" disabled={busy || reason.trim().length < 3} data-testid="confirm-dismiss">
            {t('action.dismiss')}
          </button>
        </form>
      )}

      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}

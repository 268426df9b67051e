'use client';

import { useLocale, useTranslations } from 'next-intl';
import { useMemo, useState } from 'react';
import { ApiErrorNotice } from '@/components/app/api-error';
import { useApi } from '@/components/app/use-api';
import { useFormats } from '@/components/app/use-formats';
import type { RosterGrid, TeamRow } from '@/db/queries/roster';
import { apiFetch, errorMessage } from '@/lib/api/client';
import { addDays, localDateOf, localInstant, type LocalDate } from '@/lib/domain/local-time';
import { TableHead } from '@/components/app/table-head';
import { ItemOptions } from '@/components/app/options';

interface GridResponse extends RosterGrid {
  from: LocalDate;
  days: number;
  shifts: string[];
}

interface Props {
  posts: { id: string; code: string | null; name: string; nameEn: string | null }[];
  canEdit: boolean;
}

const key = (date: string, index: number) => `${date}|${index}`;

/** One post's teams and its shift plan for a week, editable by planners. */
export function RosterPlanner({ posts, canEdit }: Props) {
  const t = useTranslations('roster');
  const f = useFormats();
  const locale = useLocale();
  const [shown, setShown] = useState<{ postId: string; from: LocalDate }>(() => ({ postId: posts[0]?.id ?? '', from: localDateOf(new Date()) }));
  const { postId, from } = shown;
  const [edits, setEdits] = useState<Map<string, string | null>>(new Map());
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const { data: grid, error, mutate } = useApi<GridResponse>(postId ? `/api/roster?post=${postId}&from=${from}&days=7` : null, { keepPreviousData: false });
  // Another post or week: edits made to the one shown are dropped with it.
  const show = (next: Partial<typeof shown>) => {
    setShown({ ...shown, ...next });
    setEdits(new Map());
  };
  const load = async () => {
    await mutate();
    setEdits(new Map());
  };

  const assigned = useMemo(() => new Map((grid?.assignments ?? []).map((a) => [key(a.shiftDate, a.shiftIndex), a.teamId])), [grid]);
  const teams = (grid?.teams ?? []).filter((tm) => tm.checkpointId === postId);
  const activeTeams = teams.filter((tm) => !tm.retired);
  const days = Array.from({ length: 7 }, (_, i) => addDays(from, i));
  const today = localDateOf(new Date());

  const save = async () => {
    setBusy(true);
    setMessage(null);
    const changes = [...edits].map(([k, teamId]) => {
      const [shiftDate, index] = k.split('|');
      return { checkpointId: postId, shiftDate: shiftDate!, shiftIndex: Number(index), teamId };
    });
    try {
      await apiFetch('/api/roster', { method: 'PUT', body: { changes } });
      setMessage({ kind: 'ok', text: t('saved', { count: changes.length }) });
      await load();
    } catch (e) {
      setMessage({ kind: 'error', text: errorMessage(e) });
    } finally {
      setBusy(false);
    }
  };

  const postName = (p: Props['posts'][number]) => `${p.code ? `${p.code} · ` : ''}${(locale === 'en' && p.nameEn) || p.name}`;

  return (
    <section className="panel" aria-labelledby="plan-heading" data-testid="roster-planner">
      <h2 id="plan-heading">{t('planHeading')}</h2>
      <div className="toolbar">
        <label>
          {t('post')}
          <select value={postId} onChange={(e) => show({ postId: e.target.value })} data-testid="plan-post">
            <ItemOptions items={posts} label={postName} />
          </select>
        </label>
        <label>
          {t('weekFrom')}
          <input type="date" value={from} onChange={(e) => e.target.value && show({ from: e.target.value })} data-testid="plan-from" />
        </label>
        <button type="button" className="button small" onClick={() => show({ from: addDays(from, -7) })}>
          {t('previousWeek')}
        </button>
        <button type="button" className="button small" onClick={() => show({ from: addDays(from, 7) })}>
          {t('nextWeek')}
        </button>
      </div>
      {grid && (
        <div className="table-wrap">
          <table className="data roster-grid" data-testid="roster-grid">
            <caption className="sr-only">{t('gridCaption')}</caption>
            <TableHead columns={[t('shift'), ...days.map((d) => ({ key: d, label: f.dayShort(localInstant(d, 12 * 60)), className: d === today ? 'today' : undefined }))]} />
            <tbody>
              {grid.shifts.map((start, index) => (
                <tr key={start}>
                  <th scope="row">{t('shiftFrom', { n: index + 1, time: start })}</th>
                  {days.map((d) => {
                    const k = key(d, index);
                    const value = edits.has(k) ? edits.get(k)! : (assigned.get(k) ?? null);
                    return (
                      <td key={k} className={`${value ? '' : 'empty'}${edits.has(k) ? ' changed' : ''}`}>
                        <select
                          value={value ?? ''}
                          disabled={!canEdit}
                          aria-label={t('cellLabel', { shift: index + 1, date: f.date(localInstant(d, 12 * 60)) })}
                          onChange={(e) => {
                            const next = e.target.value || null;
                            setEdits((m) => {
                              const copy = new Map(m);
                              if (next === (assigned.get(k) ?? null)) copy.delete(k);
                              else copy.set(k, next);
                              return copy;
                            });
                          }}
                        >
                          <option value="">{t('unstaffedShort')}</option>
                          {teams.map((tm) => (
                            <option key={tm.id} value={tm.id} disabled={tm.retired}>
                              {tm.name}
                            </option>
                          ))}
                        </select>
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {canEdit && (
        <div className="toolbar">
          <button type="button" className="button primary" disabled={busy || edits.size === 0} onClick={() => void save()} data-testid="plan-save">
            {t('save', { count: edits.size })}
          </button>
          {edits.size > 0 && (
            <button type="button" className="button ghost" onClick={() => setEdits(new Map())}>
              {t('discard')}
            </button>
          )}
        </div>
      )}
      <ApiErrorNotice error={error} />
      {message && (
        <p className={message.kind === 'error' ? 'error' : 'muted'} role={message.kind === 'error' ? 'alert' : 'status'}>
          {message.text}
        </p>
      )}
      <TeamList teams={activeTeams} postId={postId} canEdit={canEdit} onChanged={load} />
    </section>
  );
}

function TeamList({ teams, postId, canEdit, onChanged }: { teams: TeamRow[]; postId: string; canEdit: boolean; onChanged: () => Promise<void> }) {
  const t = useTranslations('roster');
  const [error, setError] = useState<string | null>(null);
  const [draft, setDraft] = useState({ name: '', callSign: '', officerCount: '8', phone: '' });

  const send = async (url: string, method: 'POST' | 'PATCH', body: unknown) => {
    setError(null);
    try {
      await apiFetch(url, { method, body });
      await onChanged();
      return true;
    } catch (e) {
      setError(errorMessage(e));
      return false;
    }
  };

  return (
    <>
      <h3>{t('teams')}</h3>
      <table className="data" data-testid="team-table">
        <TableHead columns={[t('teamName'), t('callSign'), { label: t('officers'), numeric: true }, t('phone')]} />
        <tbody>
          {teams.map((tm) => (
            <tr key={tm.id}>
              <th scope="row">{tm.name}</th>
              <td>{tm.callSign ?? '—'}</td>
              <td className="num">
                {canEdit ? (
                  <input
                    type="number"
                    min={1}
                    max={500}
                    defaultValue={tm.officerCount}
                    aria-label={t('officersOfTeam', { team: tm.name })}
                    onBlur={(e) => {
                      const n = Number(e.target.value);
                      if (n !== tm.officerCount) void send(`/api/teams/${tm.id}`, 'PATCH', { version: tm.version, officerCount: n });
                    }}
                  />
                ) : (
                  tm.officerCount
                )}
              </td>
              <td>{tm.phone ?? '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {canEdit && (
        <form
          className="toolbar"
          onSubmit={(e) => {
            e.preventDefault();
            void send('/api/teams', 'POST', {
              checkpointId: postId,
              name: draft.name,
              callSign: draft.callSign || null,
              officerCount: Number(draft.officerCount),
              phone: draft.phone || null,
            }).then((ok) => ok && setDraft({ name: '', callSign: '', officerCount: '8', phone: '' }));
          }}
        >
          <label>
            {t('teamName')}
            <input type="text" required maxLength={120} value={draft.name} onChange={(e) => setDraft({ ...draft, name: e.target.value })} data-testid="team-name" />
          </label>
          <label>
            {t('callSign')}
            <input type="text" maxLength={40} value={draft.callSign} onChange={(e) => setDraft({ ...draft, callSign: e.target.value })} />
          </label>
          <label>
            {t('officers')}
            <input type="number" min={1} max={500} required value={draft.officerCount} onChange={(e) => setDraft({ ...draft, officerCount: e.target.value })} />
          </label>
          <label>
            {t('phone')}
            <input type="tel" maxLength={30} value={draft.phone} onChange={(e) => setDraft({ ...draft, phone: e.target.value })} />
          </label>
          <button type="submit" className="button">
            {t('addTeam')}
          </button>
        </form>
      )}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </>
  );
}

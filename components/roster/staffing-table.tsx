'use client';

import { useLocale, useTranslations } from 'next-intl';
import { useState } from 'react';
import { ApiErrorNotice } from '@/components/app/api-error';
import { useApi } from '@/components/app/use-api';
import { useFormats } from '@/components/app/use-formats';
import type { PostStaffing, StaffingNow, TeamOnDuty } from '@/db/queries/roster';
import { TableHead } from '@/components/app/table-head';

/** A minute is enough: shifts change on the hour. */
const REFRESH_MS = 60_000;

/** Who holds each post now and in the next shift; posts with nobody stand out. */
export function StaffingTable({ initial }: { initial: StaffingNow }) {
  const t = useTranslations('roster');
  const tAll = useTranslations();
  const f = useFormats();
  const locale = useLocale();
  // A failed refresh keeps the last table, says so, and is retried.
  const { data = initial, error } = useApi<StaffingNow>('/api/roster/now', { fallbackData: initial, revalidateOnMount: false, refreshInterval: REFRESH_MS });
  const [gapsOnly, setGapsOnly] = useState(false);

  const name = (p: PostStaffing) => (locale === 'en' && p.nameEn) || p.name;
  const team = (d: TeamOnDuty | null) => (d ? `${d.teamName}${d.callSign ? ` (${d.callSign})` : ''}` : t('unstaffed'));
  const staffedNow = data.posts.filter((p) => p.current).length;
  const gapsNow = data.posts.filter((p) => !p.current).length;
  const gapsNext = data.posts.filter((p) => !p.next).length;
  // Gaps first (empty now, then empty next), so what needs a decision is at the top.
  const gapRank = (p: PostStaffing) => (!p.current ? 0 : !p.next ? 1 : 2);
  const ordered = [...data.posts].sort((a, b) => gapRank(a) - gapRank(b));
  const shown = gapsOnly ? ordered.filter((p) => gapRank(p) < 2) : ordered;

  return (
    <section className="panel" aria-labelledby="staffing-heading" data-testid="staffing">
      <div className="toolbar">
        <h2 id="staffing-heading" className="grow">
          {t('nowHeading', { shift: data.current.index + 1, from: f.time(data.current.start), to: f.time(data.current.end), date: f.date(data.current.start) })}
        </h2>
        <label className="inline">
          <input type="checkbox" checked={gapsOnly} onChange={(e) => setGapsOnly(e.target.checked)} data-testid="gaps-only" /> {t('gapsOnly')}
        </label>
      </div>
      <ApiErrorNotice error={error} />
      <p data-testid="staffing-summary">{t('summary', { staffed: staffedNow, total: data.posts.length, gapsNow, gapsNext, next: f.time(data.next.start) })}</p>
      <div className="table-wrap">
        <table className="data" data-testid="staffing-table">
          <TableHead columns={[t('post'), t('kind'), t('onDutyNow'), { label: t('officers'), numeric: true }, t('nextShiftAt', { time: f.time(data.next.start) })]} />
          <tbody>
            {shown.map((p) => (
              <tr key={p.id} data-post={p.code ?? p.id} data-gap-now={!p.current} data-gap-next={!p.next}>
                <th scope="row">
                  {p.code ? `${p.code} · ` : ''}
                  {name(p)}
                </th>
                <td>{tAll(`checkpointKind.${p.kind}` as 'checkpointKind.wharf')}</td>
                <td className={p.current ? undefined : 'gap'}>{team(p.current)}</td>
                <td className="num">{p.current ? t('officersOf', { count: p.current.officerCount, required: p.required }) : '—'}</td>
                <td className={p.next ? undefined : 'soon'}>{team(p.next)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

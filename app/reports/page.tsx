import { getLocale, getTranslations } from 'next-intl/server';
import { AppPage } from '@/components/app/app-page';
import { OpenReportButtons } from '@/components/reports/open-report-buttons';
import { getDatabase } from '@/lib/database';
import { can } from '@/lib/auth/permissions';
import { requirePageUser } from '@/lib/auth/session';
import { formatsFor } from '@/lib/format';
import { listReports } from '@/lib/reports/situation';
import { previousShift, shiftAt } from '@/lib/domain/shifts';
import { getSettings } from '@/lib/settings';
import { TableHead } from '@/components/app/table-head';

export const dynamic = 'force-dynamic';

export async function generateMetadata() {
  const t = await getTranslations('reports');
  return { title: `${t('title')} – Vigil` };
}

/** Situation reports by shift, newest first; the duty officer opens the shift's report here. */
export default async function ReportsPage() {
  const user = await requirePageUser('sitrep:read', '/reports');
  const t = await getTranslations('reports');
  const f = formatsFor(await getLocale());
  const reports = await listReports(await getDatabase(), user);
  const previous = previousShift(shiftAt(new Date(), getSettings().SHIFT_STARTS), getSettings().SHIFT_STARTS);
  return (
    <AppPage user={user} scroll="scroll">
      <div className="page">
        <h1>{t('title')}</h1>
        {can(user, 'sitrep:write') && (
          <OpenReportButtons
            previous={{ shiftDate: previous.date, shiftIndex: previous.index, label: t('shiftLabel', { shift: previous.index + 1, date: f.date(previous.start), from: f.time(previous.start) }) }}
          />
        )}
        {reports.length === 0 ? (
          <p className="muted">{t('empty')}</p>
        ) : (
          <div className="table-wrap">
            <table className="data" data-testid="report-table">
              <TableHead columns={[t('shift'), t('state'), t('author'), t('signed')]} />
              <tbody>
                {reports.map((r) => (
                  <tr key={r.id}>
                    <th scope="row">
                      <a href={`/reports/${r.id}`}>{t('shiftLabel', { shift: r.shiftIndex + 1, date: f.date(r.periodStart), from: f.time(r.periodStart) })}</a>
                      {r.correctsId && <span className="badge">{t('correction')}</span>}
                    </th>
                    <td>
                      <span className={`status-badge ${r.status === 'signed' ? 'status-dispatched' : 'status-acknowledged'}`}>{t(`status.${r.status}`)}</span>
                      {r.correctedBy.length > 0 && <span className="badge">{t('corrected')}</span>}
                    </td>
                    <td>{r.authorName}</td>
                    <td>{r.signedAt ? `${r.signerName} · ${f.dateTime(r.signedAt)}` : '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </div>
    </AppPage>
  );
}

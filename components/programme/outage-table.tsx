'use client';

import { useTranslations } from 'next-intl';
import { TableHead } from '@/components/app/table-head';
import { useFormats } from '@/components/app/use-formats';
import type { Outage } from '@/db/queries/programme';

/** Camera outages with their start, end (or "ongoing") and length; the facility too when several are listed. */
export function OutageTable({ outages, withFacility, testId }: { outages: Outage[]; withFacility: boolean; testId?: string }) {
  const t = useTranslations('programme');
  const f = useFormats();
  return (
    <table className="data" data-testid={testId}>
      <TableHead columns={[withFacility && t('fig.facility'), t('fig.camera'), t('fig.from'), t('fig.to'), { label: t('fig.duration'), numeric: true }]} />
      <tbody>
        {outages.map((o, i) => (
          <tr key={`${o.cameraId}-${i}`}>
            <th scope="row">{withFacility ? o.facilityName : o.cameraName}</th>
            {withFacility && <td>{o.cameraName}</td>}
            <td>{f.dateTime(o.start)}</td>
            <td>{o.end ? f.dateTime(o.end) : t('fig.ongoing')}</td>
            <td className="num">{f.duration(o.seconds)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

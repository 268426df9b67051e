import { getLocale, getTranslations } from 'next-intl/server';
import { z } from 'zod';
import { AppError } from '@/lib/api/errors';
import { apiRoute } from '@/lib/api/handler';
import { uuidSchema } from '@/lib/api/schemas';
import { formatsFor } from '@/lib/format';
import { situationReportPdf, type Translator } from '@/lib/reports/pdf';
import { getSituationReport } from '@/lib/reports/situation';

export const dynamic = 'force-dynamic';

/** The report as PDF in the reader's language (a draft carries a DRAFT watermark). */
export const GET = apiRoute({ action: 'sitrep:read', params: z.object({ id: uuidSchema }) }, async ({ params, database, user }) => {
  const report = await getSituationReport(database.db, user, params.id);
  if (!report) throw new AppError('not_found', 'No such report');
  const locale = await getLocale();
  const t = (await getTranslations()) as unknown as Translator;
  const pdf = await situationReportPdf(report, { locale, t, printedBy: user.displayName });
  const stamp = formatsFor(locale).localStamp(report.periodStart).slice(0, 10).replace(/-/g, '');
  const name = `vigil-${t('reports.fileName')}-${stamp}-${report.shiftIndex + 1}${report.status === 'draft' ? `-${t('reports.draftFile')}` : ''}.pdf`;
  return new Response(new Uint8Array(pdf), {
    headers: {
      'Content-Type': 'application/pdf',
      'Content-Disposition': `attachment; filename="${name}"`,
      'Cache-Control': 'no-store',
    },
  });
});

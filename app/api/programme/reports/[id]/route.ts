import { getLocale, getTranslations } from 'next-intl/server';
import { z } from 'zod';
import { getMapOutlines } from '@/db/queries/programme';
import { AppError } from '@/lib/api/errors';
import { apiRoute } from '@/lib/api/handler';
import { writeAudit } from '@/lib/audit';
import { programmeReportPdf } from '@/lib/programme/report-pdf';
import { reportXlsx } from '@/lib/programme/report-xlsx';
import { canReadScope, getReport } from '@/lib/programme/reports';
import { reportParams } from '@/lib/programme/schemas';
import type { Translator } from '@/lib/reports/pdf';

export const dynamic = 'force-dynamic';

const TYPES = { pdf: 'application/pdf', xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' } as const;

/** A frozen daily report: its figures as JSON, or as PDF or XLSX in the reader's language. */
export const GET = apiRoute(
  { action: 'facility:read', params: reportParams, query: z.object({ format: z.enum(['json', 'pdf', 'xlsx']).default('json') }) },
  async ({ params, query, database, user, ip }) => {
    const report = await getReport(database, params.id);
    if (!report || !canReadScope(user, report.scopeKey)) throw new AppError('not_found', 'No such report');
    if (query.format === 'json') return report;
    const locale = await getLocale();
    const t = (await getTranslations()) as unknown as Translator;
    const bytes = query.format === 'pdf' ? await programmeReportPdf(report, { locale, t, printedBy: user.displayName, outlines: await getMapOutlines(database, report.figures.facilities) }) : await reportXlsx(report, { locale, t });
    await writeAudit(database.db, { action: 'programme.report.download', actorId: user.id, actorName: user.displayName, targetType: 'programme_report', targetId: report.id, ip, details: { format: query.format } });
    const name = `vigil-${t('programme.report.fileName')}-${report.scopeKey}-${report.reportDate}.${query.format}`;
    return new Response(new Uint8Array(bytes), {
      headers: { 'Content-Type': TYPES[query.format], 'Content-Disposition': `attachment; filename="${name}"`, 'Cache-Control': 'no-store' },
    });
  },
);

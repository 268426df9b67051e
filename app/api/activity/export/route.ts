import { getLocale, getTranslations } from 'next-intl/server';
import { z } from 'zod';
import { apiRoute } from '@/lib/api/handler';
import { EXPORT_COLUMNS, startExport, type ExportColumn, type ExportPresentation } from '@/lib/detections/export';
import { eventKindSchema, withEventFilter } from '@/lib/detections/filters';
import { formatsFor } from '@/lib/format';

export const dynamic = 'force-dynamic';

const query = withEventFilter({
  kind: eventKindSchema,
  format: z.enum(['csv', 'xlsx', 'geojson']).default('csv'),
  /** labels (default): titles and values in the reader's language; codes: machine-readable. */
  header: z.enum(['labels', 'codes']).default('labels'),
});

const CONTENT_TYPES = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  geojson: 'application/geo+json',
} as const;

/**
 * The current filter's detections or crossings as CSV (UTF-8 with BOM), XLSX or GeoJSON,
 * streamed; X-Total-Rows lets the page show progress. Audited.
 */
export const GET = apiRoute({ action: 'detection:export', query }, async ({ user, query: q, database, reads, scope, ip }) => {
  const { kind, format, header, ...filter } = q;
  const locale = await getLocale();
  const t = await getTranslations();
  const formats = formatsFor(locale);
  const presentation: ExportPresentation = {
    formats,
    codes: header === 'codes',
    headers: Object.fromEntries(EXPORT_COLUMNS.map((c) => [c, t(`export.columns.${c}`)])) as Record<ExportColumn, string>,
    label: (column, value) => {
      switch (column) {
        case 'kind':
          return t(`export.kind.${value as 'detections'}`);
        case 'class':
          return t(`activity.classes.${value as 'person'}`);
        case 'direction':
          return t(`activity.${value as 'into_vn'}`);
        case 'side':
          return t(`activity.side.${value as 'vn'}`);
        case 'alerted':
          return value === 'true' ? t('export.yes') : t('export.no');
      }
    },
  };
  const { total, stream } = await startExport(database, await reads(), { id: user.id, username: user.username, ip }, scope, filter, kind, format, presentation);
  // The file is named for when it was made, in Viet Nam's time: vigil-vuot-bien-20261129-2103.csv
  const stamp = formats.localStamp(new Date()).slice(0, 16).replace(/-/g, '').replace(' ', '-').replace(':', '');
  const name = `vigil-${t(`export.fileKind.${kind}`)}-${stamp}.${format}`;
  return new Response(stream, {
    headers: {
      'Content-Type': CONTENT_TYPES[format],
      'Content-Disposition': `attachment; filename="${name}"`,
      'X-Total-Rows': String(total),
      'Cache-Control': 'no-store',
    },
  });
});

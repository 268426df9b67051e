import { stringify } from 'csv-stringify/sync';
import { z } from 'zod';
import { countEvents, searchEvents, type EventRow } from '@/db/queries/detections';
import { AppError } from '@/lib/api/errors';
import { apiRoute, clientIp } from '@/lib/api/handler';
import { writeAudit } from '@/lib/audit';
import { eventKindSchema, withEventFilter } from '@/lib/detections/filters';

export const dynamic = 'force-dynamic';

/** Larger exports are refused with a request to narrow the filter. */
export const MAX_EXPORT_ROWS = 1_000_000;
const PAGE = 5_000;

const query = withEventFilter({ kind: eventKindSchema, format: z.enum(['csv', 'geojson']).default('csv') });

const COLUMNS = ['id', 'kind', 'at', 'cameraId', 'cameraName', 'class', 'count', 'confidence', 'direction', 'side', 'borderDistanceM', 'zones', 'trackId', 'lat', 'lon'] as const;

/** Spreadsheet formula injection: text cells that a spreadsheet would evaluate are quoted as text. */
const safeText = (value: string) => (/^[=+\-@\t\r]/.test(value) ? `'${value}` : value);

function csvRows(rows: EventRow[]): string {
  return stringify(
    rows.map((r) => COLUMNS.map((c) => r[c])),
    { cast: { string: safeText, boolean: (b) => (b ? 'true' : 'false') } },
  );
}

function geojsonFeatures(rows: EventRow[], first: boolean): string {
  return rows
    .map((r, i) => {
      const { lon, lat, ...properties } = r;
      const feature = { type: 'Feature', id: `${r.kind}/${r.id}`, geometry: { type: 'Point', coordinates: [lon, lat] }, properties };
      return `${first && i === 0 ? '' : ',\n'}${JSON.stringify(feature)}`;
    })
    .join('');
}

/**
 * The current filter's detections or crossings as CSV or GeoJSON, streamed page by page
 * (memory stays flat at any size). X-Total-Rows lets the page show progress. Audited before
 * the first byte, so an interrupted export is still on record.
 */
export const GET = apiRoute({ action: 'detection:export', query }, async ({ req, user, query: q, database, scope }) => {
  const { kind, format, ...filter } = q;
  const total = await countEvents(database, scope, filter, kind, MAX_EXPORT_ROWS + 1);
  if (total > MAX_EXPORT_ROWS) throw new AppError('unprocessable', `More than ${MAX_EXPORT_ROWS.toLocaleString('en')} rows; narrow the period or filters`);
  await writeAudit(database.db, {
    action: 'activity.export',
    actorId: user.id,
    actorName: user.username,
    targetType: kind,
    ip: clientIp(req.headers),
    details: { format, rows: total, filter: { ...filter, from: filter.from.toISOString(), to: filter.to.toISOString() } },
  });

  const encoder = new TextEncoder();
  let cursor: { at: Date; id: number } | null = null;
  let first = true;
  let done = false;
  const stream = new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (done) return;
      if (first && format === 'csv') controller.enqueue(encoder.encode(stringify([[...COLUMNS]])));
      if (first && format === 'geojson') controller.enqueue(encoder.encode('{"type":"FeatureCollection","features":[\n'));
      const page = await searchEvents(database, scope, filter, kind, { cursor, limit: PAGE });
      controller.enqueue(encoder.encode(format === 'csv' ? csvRows(page.rows) : geojsonFeatures(page.rows, first)));
      first = false;
      const last = page.rows.at(-1);
      if (!page.next || !last) {
        if (format === 'geojson') controller.enqueue(encoder.encode('\n]}\n'));
        done = true;
        controller.close();
        return;
      }
      cursor = { at: new Date(last.at), id: last.id };
    },
  });
  const stamp = new Date().toISOString().slice(0, 16).replace(/[:T]/g, '');
  return new Response(stream, {
    headers: {
      'Content-Type': format === 'csv' ? 'text/csv; charset=utf-8' : 'application/geo+json',
      'Content-Disposition': `attachment; filename="vigil-${kind}-${stamp}.${format === 'csv' ? 'csv' : 'geojson'}"`,
      'X-Total-Rows': String(total),
      'Cache-Control': 'no-store',
    },
  });
});

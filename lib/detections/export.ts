import 'server-only';
import { stringify } from 'csv-stringify/sync';
import type { Database } from '@/db/client';
import { countEvents, searchEvents, type EventRow, type EventSource, type Scope } from '@/db/queries/detections';
import { AppError } from '@/lib/api/errors';
import { writeAudit } from '@/lib/audit';
import type { EventFilter } from '@/lib/detections/filters';

/** Larger exports are refused with a request to narrow the filter. */
export const MAX_EXPORT_ROWS = 1_000_000;
const PAGE = 5_000;

export type ExportFormat = 'csv' | 'geojson';

const COLUMNS = ['id', 'kind', 'at', 'cameraId', 'cameraName', 'class', 'count', 'confidence', 'direction', 'alerted', 'side', 'borderDistanceM', 'zones', 'trackId', 'lat', 'lon'] as const;

/** Spreadsheet formula injection: text cells a spreadsheet would evaluate are kept as text. */
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
 * Counts and audits an export of a filter's detections or crossings, then returns its rows as
 * a stream of CSV or GeoJSON text, read page by page (memory stays flat at any size). The audit
 * entry is written before the first byte, so an interrupted export is still on record.
 */
export async function startExport(
  database: Database,
  actor: { id: string; username: string; ip: string | null },
  scope: Scope,
  filter: EventFilter,
  kind: EventSource,
  format: ExportFormat,
): Promise<{ total: number; stream: ReadableStream<Uint8Array> }> {
  const total = await countEvents(database, scope, filter, kind, MAX_EXPORT_ROWS + 1);
  if (total > MAX_EXPORT_ROWS) throw new AppError('unprocessable', `More than ${MAX_EXPORT_ROWS.toLocaleString('en')} rows; narrow the period or filters`);
  await writeAudit(database.db, {
    action: 'activity.export',
    actorId: actor.id,
    actorName: actor.username,
    targetType: kind,
    ip: actor.ip,
    details: { format, rows: total, filter: { ...filter, from: filter.from.toISOString(), to: filter.to.toISOString() } },
  });

  const encoder = new TextEncoder();
  let cursor: { at: Date; id: number } | null = null;
  let first = true;
  const stream = new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (first && format === 'csv') controller.enqueue(encoder.encode(stringify([[...COLUMNS]])));
      if (first && format === 'geojson') controller.enqueue(encoder.encode('{"type":"FeatureCollection","features":[\n'));
      const page = await searchEvents(database, scope, filter, kind, { cursor, limit: PAGE });
      controller.enqueue(encoder.encode(format === 'csv' ? csvRows(page.rows) : geojsonFeatures(page.rows, first)));
      first = false;
      const last = page.rows.at(-1);
      if (!page.next || !last) {
        if (format === 'geojson') controller.enqueue(encoder.encode('\n]}\n'));
        controller.close();
        return;
      }
      cursor = { at: new Date(last.at), id: last.id };
    },
  });
  return { total, stream };
}

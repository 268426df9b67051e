import 'server-only';
import { PassThrough, Readable } from 'node:stream';
import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';
import type { Database } from '@/db/client';
import { countEvents, listActivity, type EventRow, type EventSource, type Scope } from '@/db/queries/detections';
import { AppError } from '@/lib/api/errors';
import { writeAudit } from '@/lib/audit';
import { CSV_BOM, csvLines } from '@/lib/export/csv';
import type { EventFilter } from '@/lib/detections/filters';
import type { Formats } from '@/lib/format';
import { LOCAL_OFFSET_MS } from '@/lib/domain/local-time';

/** Larger exports are refused with a request to narrow the filter (Excel holds 1,048,576 rows). */
export const MAX_EXPORT_ROWS = 1_000_000;
const PAGE = 5_000;

export type ExportFormat = 'csv' | 'xlsx' | 'geojson';

/** The columns of a CSV or XLSX export, by their code (the second header row, or `header=codes`). */
export const EXPORT_COLUMNS = ['id', 'kind', 'localTime', 'at', 'cameraId', 'cameraName', 'class', 'count', 'confidence', 'direction', 'alerted', 'side', 'borderDistanceM', 'zones', 'trackId', 'lat', 'lon'] as const;
export type ExportColumn = (typeof EXPORT_COLUMNS)[number];

/**
 * How an export reads to people: column titles and values in the reader's language, times in
 * Viet Nam's time. `codes` gives the machine-readable form instead (codes as headers and values).
 */
export interface ExportPresentation {
  formats: Formats;
  headers: Record<ExportColumn, string>;
  /** A value's label (class, kind, direction, side, yes/no), or the value itself. */
  label: (column: 'kind' | 'class' | 'direction' | 'side' | 'alerted', value: string) => string;
  codes: boolean;
}

/** One row as cells: typed values (numbers, dates as local wall time, text). */
function cells(r: EventRow, p: ExportPresentation): (string | number | Date | null)[] {
  const enumValue = (column: 'kind' | 'class' | 'direction' | 'side' | 'alerted', value: string | boolean | null) =>
    value === null || value === '' ? null : p.codes ? String(value) : p.label(column, String(value));
  const values: Record<ExportColumn, string | number | Date | null> = {
    id: r.id,
    kind: enumValue('kind', r.kind),
    // Excel has no time zones: the local wall time is what people expect to see in the cell.
    localTime: p.formats.localStamp(r.at),
    at: p.formats.isoLocal(r.at),
    cameraId: r.cameraId,
    cameraName: r.cameraName,
    class: enumValue('class', r.class),
    count: r.count,
    confidence: r.confidence,
    direction: enumValue('direction', r.direction),
    alerted: r.kind === 'crossings' ? enumValue('alerted', r.alerted) : null,
    side: enumValue('side', r.side),
    borderDistanceM: r.borderDistanceM,
    zones: r.zones,
    trackId: r.trackId,
    lat: r.lat,
    lon: r.lon,
  };
  return EXPORT_COLUMNS.map((c) => values[c]);
}

function csvRows(rows: EventRow[], p: ExportPresentation): string {
  return csvLines(rows.map((r) => cells(r, p)));
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

/** Every page of a filter's rows, newest first. */
async function* pages(database: Database, scope: Scope, filter: EventFilter, kind: EventSource): AsyncGenerator<EventRow[]> {
  let cursor: { at: Date; id: number } | null = null;
  for (;;) {
    const page = await listActivity(database, scope, filter, kind, { cursor, limit: PAGE });
    yield page.rows;
    const last = page.rows.at(-1);
    if (!page.next || !last) return;
    cursor = { at: new Date(last.at), id: last.id };
  }
}

/** XLSX written as it is read: typed columns, header frozen and filterable. */
function xlsxStream(rows: AsyncGenerator<EventRow[]>, p: ExportPresentation, sheetName: string): ReadableStream<Uint8Array> {
  const out = new PassThrough();
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  const sheet = workbook.addWorksheet(sheetName.slice(0, 31), { views: [{ state: 'frozen', ySplit: 1 }] });
  const numeric: Partial<Record<ExportColumn, string>> = { id: '0', count: '0', confidence: '0.00', borderDistanceM: '#,##0', lat: '0.000000', lon: '0.000000' };
  sheet.columns = EXPORT_COLUMNS.map((c) => ({
    header: p.codes ? c : p.headers[c],
    key: c,
    width: c === 'cameraName' || c === 'zones' ? 28 : c === 'localTime' || c === 'at' || c === 'cameraId' ? 24 : 14,
    style: c === 'localTime' ? { numFmt: 'yyyy-mm-dd hh:mm:ss' } : numeric[c] ? { numFmt: numeric[c] } : {},
  }));
  sheet.getRow(1).font = { bold: true };
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: EXPORT_COLUMNS.length } };
  void (async () => {
    try {
      for await (const page of rows) {
        for (const r of page) {
          const values = cells(r, p);
          // The local wall time as an Excel date (Excel dates carry no zone).
          values[EXPORT_COLUMNS.indexOf('localTime')] = new Date(Date.parse(r.at) + LOCAL_OFFSET_MS);
          sheet.addRow(values).commit();
        }
      }
      sheet.commit();
      await workbook.commit();
    } catch (err) {
      out.destroy(err as Error);
    }
  })();
  return Readable.toWeb(out) as ReadableStream<Uint8Array>;
}

/**
 * Counts and audits an export of a filter's detections or crossings, then returns its rows as
 * a stream of CSV (UTF-8 with BOM, so Excel reads Vietnamese right), XLSX or GeoJSON, read page
 * by page (memory stays flat at any size). The audit entry is written before the first byte,
 * so an interrupted export is still on record. The rows come from `reads` (the read replica when
 * there is one), the audit entry goes to `database`.
 */
export async function startExport(
  database: Database,
  reads: Database,
  actor: { id: string; username: string; ip: string | null },
  scope: Scope,
  filter: EventFilter,
  kind: EventSource,
  format: ExportFormat,
  presentation: ExportPresentation,
): Promise<{ total: number; stream: ReadableStream<Uint8Array> }> {
  const total = await countEvents(reads, scope, filter, kind, MAX_EXPORT_ROWS + 1);
  if (total > MAX_EXPORT_ROWS) throw new AppError('unprocessable', `More than ${MAX_EXPORT_ROWS} rows; narrow the period or filters`);
  await writeAudit(database.db, {
    action: 'activity.export',
    actorId: actor.id,
    actorName: actor.username,
    targetType: kind,
    ip: actor.ip,
    details: { format, rows: total, filter: { ...filter, from: filter.from.toISOString(), to: filter.to.toISOString() } },
  });
  const rows = pages(reads, scope, filter, kind);
  if (format === 'xlsx') return { total, stream: xlsxStream(rows, presentation, presentation.label('kind', kind)) };

  const encoder = new TextEncoder();
  let first = true;
  const stream = new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (first && format === 'csv') {
        const header = presentation.codes ? [...EXPORT_COLUMNS] : EXPORT_COLUMNS.map((c) => presentation.headers[c]);
        controller.enqueue(encoder.encode(`${CSV_BOM}${stringify([header])}`));
      }
      if (first && format === 'geojson') controller.enqueue(encoder.encode('{"type":"FeatureCollection","features":[\n'));
      const next = await rows.next();
      const page = next.done ? [] : next.value;
      controller.enqueue(encoder.encode(format === 'csv' ? csvRows(page, presentation) : geojsonFeatures(page, first)));
      first = false;
      if (next.done) {
        if (format === 'geojson') controller.enqueue(encoder.encode('\n]}\n'));
        controller.close();
      }
    },
  });
  return { total, stream };
}

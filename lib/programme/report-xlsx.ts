import 'server-only';
import ExcelJS from 'exceljs';
import { FACILITY_STATUSES } from '@/lib/domain/facilities';
import { spreadsheetSafe } from '@/lib/export/csv';
import { formatsFor } from '@/lib/format';
import { provinceName } from '@/lib/geo/provinces';
import type { GroupFigure } from '@/lib/programme/figures';
import { scopeLabel, type ReportRenderContext } from '@/lib/programme/report-pdf';
import type { ProgrammeReport } from '@/lib/programme/reports';

type Cell = string | number | null;

/** A sheet with a bold header row, frozen, filtered, its columns wide enough to read. */
export function addSheet(book: ExcelJS.Workbook, name: string, header: string[], rows: Cell[][], formats: Record<number, string> = {}): ExcelJS.Worksheet {
  const sheet = book.addWorksheet(name.slice(0, 31), { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.addRow(header).font = { bold: true };
  // Text a spreadsheet would evaluate stays text (formula injection through a name or a note).
  for (const row of rows) sheet.addRow(row.map((v) => (typeof v === 'string' ? spreadsheetSafe(v) : v)));
  sheet.columns.forEach((column, i) => {
    const widest = Math.max(header[i]?.length ?? 8, ...rows.slice(0, 500).map((r) => String(r[i] ?? '').length));
    column.width = Math.min(60, Math.max(8, widest + 2));
    if (formats[i]) column.numFmt = formats[i];
  });
  if (rows.length) sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: header.length } };
  return sheet;
}

/** Percentages as fractions, at full precision (the cell format shows one decimal). */
const fraction = (pct: number | null) => (pct === null ? null : pct / 100);

/**
 * The daily report as a workbook: the summary, provinces, telecom companies, every facility,
 * outages, late facilities and contact changes, one sheet each. Numbers are numbers (percentages
 * as fractions with a percent format), times are local wall times, so the ministry can sum and sort.
 */
export async function reportXlsx(report: ProgrammeReport, { locale, t }: ReportRenderContext): Promise<Buffer> {
  const f = formatsFor(locale);
  const fig = report.figures;
  const T = fig.totals;
  const status = (s: string) => t(`programme.status.${s}`);
  const book = new ExcelJS.Workbook();
  book.creator = 'Vigil';
  book.created = new Date(report.generatedAt);
  const PCT = '0.0%';

  addSheet(
    book,
    t('programme.xlsx.summary'),
    [t('programme.xlsx.item'), t('programme.xlsx.value')],
    [
      [t('programme.report.title'), scopeLabel(report.scopeKey, locale, t)],
      [t('programme.xlsx.date'), report.reportDate],
      [t('programme.xlsx.cutoff'), f.localStamp(fig.cutoffAt)],
      [t('programme.xlsx.generated'), f.localStamp(report.generatedAt)],
      [t('programme.xlsx.generatedBy'), report.generatedByName ?? t('programme.xlsx.schedule')],
      [t('programme.fig.facilities'), T.total],
      ...FACILITY_STATUSES.map((s): Cell[] => [status(s), T.byStatus[s]]),
      [t('programme.fig.connectedPct'), fraction(T.connectedPct)],
      [t('programme.fig.deadline'), fig.deadline],
      [t('programme.fig.newlyConnected'), T.newlyConnected],
      [t('programme.fig.camerasLive'), T.camerasLive],
      [t('programme.fig.camerasTotal'), T.camerasTotal],
      [t('programme.fig.uptimeToday'), fraction(T.uptimePct)],
      [t('programme.fig.outages'), T.outages],
      [t('programme.fig.outageMinutes'), Math.round(T.outageSeconds / 60)],
      [t('programme.fig.late'), T.late],
      [t('programme.fig.contactsChanged'), T.contactsChanged],
      [t('programme.fig.occupancy'), T.occupancy],
      [t('programme.fig.capacity'), T.capacity],
      [t('programme.report.hash'), report.contentHash],
    ],
  ).getColumn(2).alignment = { horizontal: 'right' };
  const summary = book.getWorksheet(1)!;
  for (const label of [t('programme.fig.connectedPct'), t('programme.fig.uptimeToday')]) {
    summary.eachRow((row) => {
      if (row.getCell(1).value === label) row.getCell(2).numFmt = PCT;
    });
  }

  const groupHeader = (first: string) => [first, t('programme.fig.facilities'), ...FACILITY_STATUSES.map(status), t('programme.fig.connectedPct'), t('programme.fig.camerasLive'), t('programme.fig.camerasTotal'), t('programme.fig.uptimeToday')];
  const groupRow = (name: string, g: GroupFigure): Cell[] => [name, g.total, ...FACILITY_STATUSES.map((s) => g.byStatus[s]), fraction(g.connectedPct), g.camerasLive, g.camerasTotal, fraction(g.uptimePct)];
  const pctCols = { [2 + FACILITY_STATUSES.length]: PCT, [5 + FACILITY_STATUSES.length]: PCT };
  addSheet(book, t('programme.xlsx.provinces'), groupHeader(t('programme.fig.province')), fig.byProvince.map((g) => groupRow(provinceName(g.key ?? '', locale), g)), pctCols);
  addSheet(book, t('programme.xlsx.telecoms'), groupHeader(t('programme.fig.telecom')), fig.byTelecom.map((g) => groupRow(g.name ?? t('programme.fig.noTelecom'), g)), pctCols);
  addSheet(
    book,
    t('programme.xlsx.facilities'),
    [t('programme.fig.facility'), t('programme.fig.province'), t('programme.fig.telecom'), t('programme.fig.status'), t('programme.fig.camerasLive'), t('programme.fig.camerasTotal'), t('programme.fig.required'), t('programme.fig.uptimeToday'), t('programme.fig.due'), t('programme.fig.late'), t('programme.xlsx.longitude'), t('programme.xlsx.latitude')],
    fig.facilities.map((x) => [(locale === 'en' && x.nameEn) || x.name, provinceName(x.provinceCode, locale), x.telecomName, status(x.status), x.camerasLive, x.camerasTotal, x.requiredCameras, fraction(x.uptimePct), x.due, x.late ? t('programme.xlsx.yes') : '', x.lon, x.lat]),
    { 7: PCT },
  );
  addSheet(
    book,
    t('programme.xlsx.outages'),
    [t('programme.fig.facility'), t('programme.fig.camera'), t('programme.fig.status'), t('programme.fig.from'), t('programme.fig.to'), t('programme.fig.durationMinutes')],
    fig.outages.map((o) => [o.facilityName, o.cameraName, t(`programme.cameraStatus.${o.status}`), f.localStamp(o.start), o.end ? f.localStamp(o.end) : t('programme.fig.ongoing'), Math.round(o.seconds / 6) / 10]),
  );
  addSheet(
    book,
    t('programme.xlsx.late'),
    [t('programme.fig.facility'), t('programme.fig.province'), t('programme.fig.status'), t('programme.fig.due')],
    fig.late.map((x) => [x.name, provinceName(x.provinceCode, locale), status(x.status), x.due]),
  );
  addSheet(
    book,
    t('programme.xlsx.contacts'),
    [t('programme.fig.facility'), t('programme.fig.contact'), t('programme.fig.change'), t('programme.fig.time'), t('programme.xlsx.by')],
    fig.contactsChanged.map((c) => [c.facilityName, c.name, t(`programme.contactChange.${c.kind}`), f.localStamp(c.at), c.by]),
  );
  return Buffer.from(await book.xlsx.writeBuffer());
}

import 'server-only';
import pdfmake from 'pdfmake';
import type { Content, TableCell, TDocumentDefinitions } from 'pdfmake/interfaces';
import type { MapOutlines } from '@/db/queries/programme';
import { FACILITY_STATUSES } from '@/lib/domain/facilities';
import { formatsFor, type Formats } from '@/lib/format';
import { NATIONAL_SCOPE, provinceName } from '@/lib/geo/provinces';
import type { GroupFigure } from '@/lib/programme/figures';
import { TREND_MARGIN, trendSvg } from '@/lib/programme/report-chart';
import { facilitiesMapSvg } from '@/lib/programme/report-map';
import type { ProgrammeReport } from '@/lib/programme/reports';
import { STATUS_COLORS } from '@/lib/programme/status-colors';
import { loadFonts, type Translator } from '@/lib/reports/pdf';
import { sealPdf, stampOf, withPdfStamp } from '@/lib/signing/pdf-stamp';
import { localInstant } from '@/lib/domain/local-time';

export interface ReportRenderContext {
  locale: string;
  t: Translator;
}

/** The report's scope in words: "Toàn quốc" / "Quảng Ninh". */
export function scopeLabel(scopeKey: string, locale: string, t: Translator): string {
  return scopeKey === NATIONAL_SCOPE ? t('programme.scope.national') : provinceName(scopeKey, locale);
}

const pct = (f: Formats, value: number | null) => (value === null ? '—' : f.percent(value / 100, 1));

/**
 * The daily report as PDF: the frozen figures in the reader's language, Noto Sans so Vietnamese
 * is real text, the 14-day trend as a chart and the facilities on a small map. Rendered from the
 * stored figures, so every copy of a day's report says the same.
 */
export async function programmeReportPdf(report: ProgrammeReport, { locale, t, printedBy, outlines, now = new Date() }: ReportRenderContext & { printedBy: string; outlines: MapOutlines; now?: Date }): Promise<Buffer> {
  loadFonts();
  const f = formatsFor(locale);
  const fig = report.figures;
  const T = fig.totals;
  const scope = scopeLabel(report.scopeKey, locale, t);
  const status = (s: string) => t(`programme.status.${s}`);
  const num = (v: number): TableCell => ({ text: f.number(v), alignment: 'right' });
  const head = (labels: string[], rightFrom = 1): TableCell[] => labels.map((l, i) => ({ text: l, bold: true, alignment: i >= rightFrom ? 'right' : 'left' }));
  const table = (widths: (string | number)[], header: TableCell[], body: TableCell[][], empty: string): Content =>
    body.length ? { table: { headerRows: 1, widths, body: [header, ...body] }, layout: 'lightHorizontalLines', fontSize: 8.5 } : { text: empty, italics: true, color: '#475569' };

  const summary: TableCell[][] = [
    [t('programme.fig.facilities'), num(T.total)],
    ...FACILITY_STATUSES.map((s): TableCell[] => [{ text: `   ${status(s)}`, color: '#334155' }, num(T.byStatus[s])]),
    [t('programme.fig.connectedPct'), { text: pct(f, T.connectedPct), alignment: 'right', bold: true }],
    [t('programme.fig.deadline'), { text: f.date(`${fig.deadline}T12:00:00+07:00`), alignment: 'right' }],
    [t('programme.fig.newlyConnected'), num(T.newlyConnected)],
    [t('programme.fig.camerasLive'), { text: `${f.number(T.camerasLive)} / ${f.number(T.camerasTotal)}`, alignment: 'right' }],
    [t('programme.fig.uptimeToday'), { text: pct(f, T.uptimePct), alignment: 'right' }],
    [t('programme.fig.outages'), { text: `${f.number(T.outages)} · ${f.duration(T.outageSeconds)}`, alignment: 'right' }],
    [t('programme.fig.late'), num(T.late)],
    [t('programme.fig.contactsChanged'), num(T.contactsChanged)],
    [t('programme.fig.occupancy'), { text: `${f.number(T.occupancy)} / ${f.number(T.capacity)}`, alignment: 'right' }],
  ];

  const groupRows = (groups: GroupFigure[], name: (g: GroupFigure) => string) =>
    groups.map((g): TableCell[] => [name(g), num(g.total), num(g.byStatus.connected), num(g.byStatus.degraded), { text: pct(f, g.connectedPct), alignment: 'right' }, { text: `${f.number(g.camerasLive)}/${f.number(g.camerasTotal)}`, alignment: 'right' }, { text: pct(f, g.uptimePct), alignment: 'right' }]);
  const groupHeader = (first: string) => head([first, t('programme.fig.facilitiesShort'), status('connected'), status('degraded'), t('programme.fig.connectedPctShort'), t('programme.fig.camerasShort'), t('programme.fig.uptimeShort')]);
  const widths7 = ['*', 'auto', 'auto', 'auto', 'auto', 'auto', 'auto'];
  const degraded = fig.facilities.filter((x) => x.status === 'degraded');

  // Noto Sans has the bullet but not the geometric shapes (●, ■): the legend's marks are bullets.
  const mark = (color: string) => ({ text: '• ', color, fontSize: 11, bold: true });
  const legend: Content = { text: FACILITY_STATUSES.flatMap((s) => [mark(STATUS_COLORS[s]), `${status(s)}   `]), fontSize: 7.5, margin: [0, 2, 0, 0] };

  const stamp = stampOf('programme_report', report);
  const content: Content[] = [
    { text: t('programme.report.title'), style: 'title' },
    { text: `${scope} · ${t('programme.report.day', { date: f.date(fig.dayStart) })}`, style: 'subtitle' },
    {
      text: [
        t('programme.report.cutoff', { time: f.dateTime(fig.cutoffAt) }),
        ' · ',
        report.generatedByName ? t('programme.report.generatedBy', { name: report.generatedByName, time: f.dateTime(report.generatedAt) }) : t('programme.report.generatedAuto', { time: f.dateTime(report.generatedAt) }),
      ],
      fontSize: 9,
      color: '#334155',
      margin: [0, 2, 0, 0],
    },
    {
      text: `${t('programme.report.frozen')} ${t('programme.report.hash')}: ${report.contentHash}${stamp ? `\n${t('verify.stamp', { keyId: stamp.keyId })}` : ''}`,
      fontSize: 7,
      color: '#64748b',
      margin: [0, 2, 0, 6],
    },
    {
      columns: [
        { width: 230, stack: [{ text: t('programme.report.summary'), style: 'heading' }, { table: { widths: ['*', 'auto'], body: summary }, layout: 'lightHorizontalLines', fontSize: 9 }] },
        {
          width: '*',
          stack: [
            { text: t('programme.report.trend', { days: fig.trend.length }), style: 'heading' },
            { svg: trendSvg(fig.trend, { total: t('programme.fig.facilities'), connected: status('connected'), degraded: status('degraded') }, 270, 150), width: 270 },
            {
              columns: fig.trend.map((d, i) => ({ text: i % 2 === 0 || fig.trend.length <= 7 ? f.dayMonth(localInstant(d.date, 12 * 60)) : '', width: '*', alignment: 'center', fontSize: 6.5 })),
              columnGap: 0,
              margin: [TREND_MARGIN, 0, TREND_MARGIN, 0],
            },
            {
              text: [
                mark(STATUS_COLORS.connected),
                `${status('connected')}   `,
                mark(STATUS_COLORS.degraded),
                `${status('degraded')}   `,
                { text: '— ', color: '#334155', bold: true },
                t('programme.report.trendTotal', { max: Math.max(0, ...fig.trend.map((d) => d.total)) }),
              ],
              fontSize: 7.5,
              margin: [0, 2, 0, 0],
            },
            { text: t('programme.report.map'), style: 'heading' },
            { svg: facilitiesMapSvg(outlines, fig.facilities, 270, t('programme.report.map')), width: 270 },
            legend,
          ],
        },
      ],
      columnGap: 14,
    },
    ...(report.scopeKey === NATIONAL_SCOPE
      ? [{ text: t('programme.report.byProvince'), style: 'heading' } as Content, table(widths7, groupHeader(t('programme.fig.province')), groupRows(fig.byProvince, (g) => provinceName(g.key ?? '', locale)), t('programme.report.none'))]
      : []),
    { text: t('programme.report.byTelecom'), style: 'heading' },
    table(widths7, groupHeader(t('programme.fig.telecom')), groupRows(fig.byTelecom, (g) => g.name ?? t('programme.fig.noTelecom')), t('programme.report.none')),
    { text: t('programme.report.late', { count: fig.late.length }), style: 'heading' },
    table(
      ['*', 'auto', 'auto', 'auto'],
      head([t('programme.fig.facility'), t('programme.fig.province'), t('programme.fig.status'), t('programme.fig.due')], 99),
      fig.late.map((x) => [x.name, provinceName(x.provinceCode, locale), status(x.status), f.date(`${x.due}T12:00:00+07:00`)]),
      t('programme.report.none'),
    ),
    { text: t('programme.report.degraded', { count: degraded.length }), style: 'heading' },
    table(
      ['*', 'auto', 'auto', 'auto'],
      head([t('programme.fig.facility'), t('programme.fig.province'), t('programme.fig.camerasShort'), t('programme.fig.uptimeShort')], 2),
      degraded.map((x) => [x.name, provinceName(x.provinceCode, locale), { text: `${f.number(x.camerasLive)}/${f.number(x.camerasTotal)}`, alignment: 'right' }, { text: pct(f, x.uptimePct), alignment: 'right' }]),
      t('programme.report.none'),
    ),
    { text: t('programme.report.newlyConnected', { count: fig.newlyConnected.length }), style: 'heading' },
    table(
      ['*', 'auto', 'auto'],
      head([t('programme.fig.facility'), t('programme.fig.province'), t('programme.fig.time')], 99),
      fig.newlyConnected.map((x) => [x.name, provinceName(x.provinceCode, locale), f.time(x.at)]),
      t('programme.report.none'),
    ),
    { text: t('programme.report.outages', { count: fig.outages.length }), style: 'heading' },
    table(
      ['*', '*', 'auto', 'auto', 'auto'],
      head([t('programme.fig.facility'), t('programme.fig.camera'), t('programme.fig.from'), t('programme.fig.to'), t('programme.fig.duration')], 4),
      fig.outages.slice(0, 60).map((o) => [o.facilityName, o.cameraName, f.dateTime(o.start), o.end ? f.dateTime(o.end) : t('programme.fig.ongoing'), { text: f.duration(o.seconds), alignment: 'right' }]),
      t('programme.report.none'),
    ),
    ...(fig.outages.length > 60 ? [{ text: t('programme.report.moreInXlsx', { count: fig.outages.length - 60 }), italics: true, fontSize: 8 } as Content] : []),
    { text: t('programme.report.contactsChanged', { count: fig.contactsChanged.length }), style: 'heading' },
    table(
      ['*', '*', 'auto', 'auto'],
      head([t('programme.fig.facility'), t('programme.fig.contact'), t('programme.fig.change'), t('programme.fig.time')], 99),
      fig.contactsChanged.map((c) => [c.facilityName, c.name, t(`programme.contactChange.${c.kind}`), f.time(c.at)]),
      t('programme.report.none'),
    ),
  ];

  const doc: TDocumentDefinitions = {
    // The signature travels in the file's metadata, so a downloaded copy can be checked (/verify).
    info: withPdfStamp({ title: `${t('programme.report.title')} — ${scope} — ${report.reportDate}`, creator: 'Vigil' }, stamp),
    pageSize: 'A4',
    pageMargins: [36, 40, 36, 44],
    defaultStyle: { font: 'NotoSans', fontSize: 9.5, lineHeight: 1.15 },
    styles: {
      title: { fontSize: 15, bold: true },
      subtitle: { fontSize: 11.5, bold: true, margin: [0, 2, 0, 0] },
      heading: { fontSize: 10.5, bold: true, margin: [0, 9, 0, 3] },
    },
    footer: (page, pages) => ({ text: t('programme.report.footer', { page, pages, time: f.dateTime(now), name: printedBy }), alignment: 'center', fontSize: 7.5, margin: [36, 16, 36, 0] }),
    content,
  };
  // A signed report's file carries a seal over its own bytes (checked at /verify).
  return sealPdf(await pdfmake.createPdf(doc).getBuffer(), stamp);
}

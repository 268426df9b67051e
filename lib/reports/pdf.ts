import 'server-only';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import pdfmake from 'pdfmake';
import type { Content, TDocumentDefinitions } from 'pdfmake/interfaces';
import { alertTitle, type AlertTranslator } from '@/lib/alerts/title';
import { formatsFor } from '@/lib/format';
import type { SituationReport } from '@/lib/reports/situation';
import { sealPdf, stampOf, withPdfStamp } from '@/lib/signing/pdf-stamp';

// A situation report as PDF: pdfmake lays out text with the Noto Sans TrueType fonts shipped as
// an npm package, so Vietnamese diacritics are real text (searchable, copyable) and nothing is
// fetched. The fonts go into pdfmake's in-memory file system; local files and URLs are refused.

let fontsLoaded = false;

/** The font files, read from the installed package (the server runs from the project folder). */
const fontFile = (file: string) => path.join(process.cwd(), 'node_modules', '@expo-google-fonts', 'noto-sans', file);

/** Registers the Noto Sans fonts with pdfmake (once per process). */
export function loadFonts(): void {
  if (fontsLoaded) return;
  const files = {
    'NotoSans-Regular.ttf': '400Regular/NotoSans_400Regular.ttf',
    'NotoSans-Bold.ttf': '700Bold/NotoSans_700Bold.ttf',
    'NotoSans-Italic.ttf': '400Regular_Italic/NotoSans_400Regular_Italic.ttf',
  };
  // pdfmake 0.3's in-memory file system is not in its published types.
  const vfs = (pdfmake as unknown as { virtualfs: { writeFileSync(name: string, data: Buffer): void } }).virtualfs;
  for (const [name, file] of Object.entries(files)) vfs.writeFileSync(name, readFileSync(fontFile(file)));
  pdfmake.setFonts({ NotoSans: { normal: 'NotoSans-Regular.ttf', bold: 'NotoSans-Bold.ttf', italics: 'NotoSans-Italic.ttf', bolditalics: 'NotoSans-Bold.ttf' } });
  pdfmake.setUrlAccessPolicy(() => false);
  pdfmake.setLocalAccessPolicy(() => false);
  fontsLoaded = true;
}

/** A translator over the whole catalogue (next-intl's, on the server). */
export type Translator = (key: string, values?: Record<string, string | number | Date>) => string;

export interface PdfContext {
  locale: string;
  t: Translator;
  printedBy: string;
  now?: Date;
}

/** The report as a PDF document (bytes). */
export async function situationReportPdf(report: SituationReport, { locale, t, printedBy, now = new Date() }: PdfContext): Promise<Buffer> {
  loadFonts();
  const f = formatsFor(locale);
  const en = locale === 'en';
  const fig = report.figures;
  const duration = (s: number | null) => (s === null ? '—' : f.duration(s));
  const alertsT: AlertTranslator = (key, values) => t(`alerts.${key}`, values);
  const row = (label: string, value: string | number): Content[] => [{ text: label }, { text: typeof value === 'number' ? f.number(value) : value, alignment: 'right', bold: true }];

  const figures: Content[][] = [
    row(t('reports.fig.crossedInto'), `${f.number(fig.crossings.into)} (${t('reports.fig.people', { count: fig.crossings.peopleInto })})`),
    row(t('reports.fig.crossedOut'), `${f.number(fig.crossings.out)} (${t('reports.fig.people', { count: fig.crossings.peopleOut })})`),
    row(t('reports.fig.alertsRaised'), fig.alerts.raised),
    row(t('reports.fig.acknowledged'), fig.alerts.acknowledged),
    row(t('reports.fig.resolved'), fig.alerts.resolved),
    row(t('reports.fig.dismissed'), fig.alerts.dismissed),
    row(t('reports.fig.escalated'), fig.alerts.escalated),
    row(t('reports.fig.medianAck'), duration(fig.alerts.medianAckSeconds)),
    row(t('reports.fig.medianResolve'), duration(fig.alerts.medianResolveSeconds)),
    row(t('reports.fig.intercepted'), fig.alerts.intercepted),
    row(t('reports.fig.tips'), fig.tips),
    row(t('reports.fig.cameraUptime'), fig.cameras.uptimePct === null ? '—' : f.percent(fig.cameras.uptimePct / 100, 1)),
    row(t('reports.fig.camerasWentDown'), fig.cameras.wentDown),
    row(t('reports.fig.postsStaffed'), `${f.number(fig.posts.staffedAtStart)}/${f.number(fig.posts.total)} · ${t('reports.fig.officers', { count: fig.posts.officersAtStart })}`),
  ];

  const stamp = report.status === 'signed' ? stampOf('situation_report', report) : null;
  const status: Content = report.status === 'signed'
    ? {
        text: [
          { text: t('reports.signedBy', { name: report.signerName ?? '', time: f.dateTime(report.signedAt!) }), bold: true },
          `\n${t('reports.hash')}: `,
          { text: report.contentHash ?? '', fontSize: 8 },
          ...(stamp ? [{ text: `\n${t('verify.stamp', { keyId: stamp.keyId })}`, fontSize: 8 }] : []),
        ],
        margin: [0, 4, 0, 8],
      }
    : { text: t('reports.draftNotice'), bold: true, color: '#b91c1c', margin: [0, 4, 0, 8] };

  const content: Content[] = [
    { text: t('reports.pdfTitle'), style: 'title' },
    { text: t('reports.period', { shift: report.shiftIndex + 1, date: f.date(report.periodStart), from: f.time(report.periodStart), to: f.time(report.periodEnd) }), style: 'subtitle' },
    { text: `${t('reports.author')}: ${report.authorName}`, margin: [0, 2, 0, 0] },
    ...(report.correctsId ? [{ text: t('reports.correctsNote', { id: report.correctsId }), italics: true } as Content] : []),
    status,
    { text: t('reports.figures'), style: 'heading' },
    { table: { widths: ['*', 'auto'], body: figures }, layout: 'lightHorizontalLines' },
    { text: t('reports.byZone'), style: 'heading' },
    fig.crossings.byZone.length
      ? {
          table: {
            headerRows: 1,
            widths: ['*', 'auto', 'auto'],
            body: [
              [{ text: t('reports.zone'), bold: true }, { text: t('reports.into'), bold: true, alignment: 'right' }, { text: t('reports.out'), bold: true, alignment: 'right' }],
              ...fig.crossings.byZone.slice(0, 20).map((z) => [{ text: (en && z.nameEn) || z.name }, { text: f.number(z.into), alignment: 'right' }, { text: f.number(z.out), alignment: 'right' }] as Content[]),
            ],
          },
          layout: 'lightHorizontalLines',
        }
      : { text: t('reports.none'), italics: true },
    { text: t('reports.notable'), style: 'heading' },
    report.notableAlerts.length
      ? {
          table: {
            headerRows: 1,
            widths: ['auto', '*', 'auto'],
            body: [
              [{ text: t('reports.time'), bold: true }, { text: t('reports.alert'), bold: true }, { text: t('reports.state'), bold: true }],
              ...report.notableAlerts.map(
                (a) =>
                  [
                    { text: f.time(a.firstAt) },
                    { text: `${alertTitle(alertsT, en, a)}${a.count > 1 ? ` (${t('alerts.groupCount', { count: a.count })})` : ''}` },
                    {
                      text: [
                        t(`alerts.status.${a.status}`),
                        a.outcome ? ` · ${t(`alerts.outcome.${a.outcome}`)}` : '',
                        a.interceptedCount ? ` · ${t('alerts.interceptedCount', { count: a.interceptedCount })}` : '',
                        a.escalated ? ` · ${t('alerts.escalated')}` : '',
                      ].join(''),
                    },
                  ] as Content[],
              ),
            ],
          },
          layout: 'lightHorizontalLines',
        }
      : { text: t('reports.none'), italics: true },
    { text: t('reports.narrative'), style: 'heading' },
    { text: report.narrative.trim() || t('reports.noNarrative'), italics: !report.narrative.trim() },
  ];

  const doc: TDocumentDefinitions = {
    // The signature travels in the file's metadata, so a downloaded copy can be checked (/verify).
    info: withPdfStamp({ title: `${t('reports.pdfTitle')} ${report.shiftDate} #${report.shiftIndex + 1}`, author: report.authorName, creator: 'Vigil' }, stamp),
    pageSize: 'A4',
    pageMargins: [40, 48, 40, 48],
    defaultStyle: { font: 'NotoSans', fontSize: 10, lineHeight: 1.2 },
    styles: {
      title: { fontSize: 16, bold: true },
      subtitle: { fontSize: 11, margin: [0, 2, 0, 0] },
      heading: { fontSize: 12, bold: true, margin: [0, 12, 0, 4] },
    },
    ...(report.status === 'draft' ? { watermark: { text: t('reports.draft'), opacity: 0.08, bold: true } } : {}),
    footer: (page, pages) => ({
      text: t('reports.footer', { page, pages, time: f.dateTime(now), name: printedBy }),
      alignment: 'center',
      fontSize: 8,
      margin: [40, 16, 40, 0],
    }),
    content,
  };
  // A signed report's file carries a seal over its own bytes (checked at /verify).
  return sealPdf(await pdfmake.createPdf(doc).getBuffer(), stamp);
}

import 'server-only';
import ExcelJS from 'exceljs';
import type { ContactListRow } from '@/db/queries/programme';
import { CSV_BOM, csvLines } from '@/lib/export/csv';
import { formatsFor } from '@/lib/format';
import { provinceName } from '@/lib/geo/provinces';
import type { ReportRenderContext } from '@/lib/programme/report-pdf';
import { addSheet } from '@/lib/programme/report-xlsx';

function table(rows: ContactListRow[], { locale, t }: ReportRenderContext): { header: string[]; body: (string | null)[][] } {
  const f = formatsFor(locale);
  return {
    header: [t('programme.fig.province'), t('programme.fig.facility'), t('programme.fig.status'), t('programme.contacts.name'), t('programme.contacts.position'), t('programme.contacts.phone'), t('programme.contacts.email'), t('programme.contacts.primary'), t('programme.contacts.updated')],
    body: rows.map((r) => [provinceName(r.provinceCode, locale), r.facilityName, t(`programme.status.${r.facilityStatus}`), r.name, r.position, r.phone, r.email, r.isPrimary ? t('programme.xlsx.yes') : '', f.localStamp(r.updatedAt)]),
  };
}

/** The contact list as a workbook (one sheet). */
export async function contactsXlsx(rows: ContactListRow[], ctx: ReportRenderContext): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  book.creator = 'Vigil';
  const { header, body } = table(rows, ctx);
  addSheet(book, ctx.t('programme.contacts.sheet'), header, body);
  return Buffer.from(await book.xlsx.writeBuffer());
}

/** The contact list as CSV (UTF-8 with BOM, formula-safe). */
export function contactsCsv(rows: ContactListRow[], ctx: ReportRenderContext): string {
  const { header, body } = table(rows, ctx);
  return CSV_BOM + csvLines([header, ...body]);
}

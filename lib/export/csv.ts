import { stringify } from 'csv-stringify/sync';

// CSV as Vigil's exports write it: UTF-8 with a byte order mark (so Excel reads Vietnamese
// right), correct quoting, and text a spreadsheet would evaluate kept as text.

/** The UTF-8 byte order mark a CSV file starts with. */
export const CSV_BOM = '\uFEFF';

/** Spreadsheet formula injection: text cells a spreadsheet would evaluate are kept as text. */
export const spreadsheetSafe = (value: string) => (/^[=+\-@\t\r]/.test(value) ? `'${value}` : value);

/** Rows as CSV lines: text made spreadsheet-safe, numbers and true/false written as they are. */
export function csvLines(rows: unknown[][]): string {
  return stringify(rows, { cast: { string: spreadsheetSafe, number: (n) => String(n), boolean: (b) => String(b) } });
}

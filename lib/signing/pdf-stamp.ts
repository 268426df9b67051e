import 'server-only';
import type { SignedReportKind } from '@/lib/signing/signature';

// A report PDF carries its signature in the document information dictionary, under a custom key
// (`pdfinfo -custom` shows it): which report, the SHA-256 of its canonical content, the key id
// and the signature. The visible page says the same in words. The stamp is read back from the
// bytes as pdfmake/PDFKit write them (plain objects, classic cross-reference table), i.e. a PDF as
// downloaded; a file rewritten by another program may no longer have one where we look.

export const PDF_STAMP_FIELD = 'VigilSignature';

export interface PdfStamp {
  kind: SignedReportKind;
  id: string;
  contentHash: string;
  keyId: string;
  signature: string;
}

const KINDS: readonly SignedReportKind[] = ['situation_report', 'programme_report'];

/** The stamp as the metadata value: ASCII only, so PDFKit writes it as a plain string. */
export function formatPdfStamp(stamp: PdfStamp): string {
  return `v1;kind=${stamp.kind};id=${stamp.id};sha256=${stamp.contentHash};key=${stamp.keyId};sig=${stamp.signature}`;
}

export function parsePdfStampValue(value: string): PdfStamp | null {
  const fields = Object.fromEntries(
    value
      .trim()
      .split(';')
      .map((part) => {
        const at = part.indexOf('=');
        return at < 0 ? [part, ''] : [part.slice(0, at), part.slice(at + 1)];
      }),
  );
  if (!('v1' in fields)) return null;
  const { kind, id, sha256, key, sig } = fields as Record<string, string | undefined>;
  if (!KINDS.includes(kind as SignedReportKind)) return null;
  if (!id || !/^[0-9a-f-]{36}$/i.test(id) || !sha256 || !/^[0-9a-f]{64}$/i.test(sha256) || !key || !/^[0-9a-f]{16}$/i.test(key) || !sig) return null;
  return { kind: kind as SignedReportKind, id: id.toLowerCase(), contentHash: sha256.toLowerCase(), keyId: key.toLowerCase(), signature: sig };
}

/** A PDF literal string's content (between the outer parentheses), escapes undone. */
function decodeLiteral(body: string): string {
  return body.replace(/\\([0-7]{1,3}|[\s\S])/g, (_, c: string) => {
    if (/^[0-7]+$/.test(c)) return String.fromCharCode(parseInt(c, 8));
    return ({ n: '\n', r: '\r', t: '\t', b: '\b', f: '\f' } as Record<string, string>)[c] ?? (c === '\n' ? '' : c);
  });
}

const LITERAL = String.raw`\(((?:\\[\s\S]|[^\\()])*)\)`;

/**
 * The stamp of a PDF, or null when it has none that can be read. The last occurrence wins, as in
 * a PDF's incremental updates; whichever one is read is checked cryptographically afterwards.
 */
export function readPdfStamp(pdf: Uint8Array): PdfStamp | null {
  const text = Buffer.from(pdf).toString('latin1');
  if (!text.startsWith('%PDF-')) return null;
  const entries = [...text.matchAll(new RegExp(String.raw`/${PDF_STAMP_FIELD}\s*(?:${LITERAL}|(\d+)\s+(\d+)\s+R)`, 'g'))];
  const last = entries.at(-1);
  if (!last) return null;
  let value: string | undefined = last[1];
  if (value === undefined) {
    const objects = [...text.matchAll(new RegExp(String.raw`(?:^|[\r\n])${last[2]}\s+${last[3]}\s+obj\s*${LITERAL}\s*endobj`, 'g'))];
    value = objects.at(-1)?.[1];
  }
  return value === undefined ? null : parsePdfStampValue(decodeLiteral(value));
}

/** A signed report's stamp, or null when it has no signature (a draft, or signed before signatures). */
export function stampOf(kind: SignedReportKind, report: { id: string; contentHash: string | null; signatureKeyId: string | null; signature: string | null }): PdfStamp | null {
  if (!report.contentHash || !report.signatureKeyId || !report.signature) return null;
  return { kind, id: report.id, contentHash: report.contentHash, keyId: report.signatureKeyId, signature: report.signature };
}

/**
 * The document information with the stamp under its custom key. pdfmake passes custom keys to
 * PDFKit as they are (its types list only the standard ones, hence the widening here).
 */
export function withPdfStamp<T extends object>(info: T, stamp: PdfStamp | null): T {
  return stamp ? { ...info, [PDF_STAMP_FIELD]: formatPdfStamp(stamp) } : info;
}

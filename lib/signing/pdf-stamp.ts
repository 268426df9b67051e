import 'server-only';
import { createHash } from 'node:crypto';
import { getKeyring, type Keyring } from '@/lib/signing/keyring';
import { sign, verify, type SignedReportKind, type Verdict } from '@/lib/signing/signature';

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

/**
 * The file's own seal: a PDF comment line after the end of the document, naming the report (as
 * the stamp does), the SHA-256 of every byte before it, and an Ed25519 signature over both. The
 * stamp in the metadata says which report a file is; the seal says this very file is what Vigil
 * wrote — a page edited in any program, or a new file carrying a copied stamp, no longer matches.
 * PDF readers ignore a comment after %%EOF; an incremental update appended later moves it off the
 * end, and the file then has no seal to check.
 */
const SEAL_PREFIX = '\n%VigilFileSignature ';

export interface PdfSeal extends PdfStamp {
  /** SHA-256 of the file's bytes before the seal line. */
  fileHash: string;
  /** The key that sealed the file (the current one when it was written; the report may be older). */
  fileKeyId: string;
  fileSignature: string;
}

/** What a file seal signs: the report it is, and the hash of the file's bytes. */
export function sealStatement(stamp: PdfStamp, fileHash: string): Buffer {
  return Buffer.from(`vigil-report-file/1\n${stamp.kind}\n${stamp.id}\n${stamp.contentHash}\n${stamp.signature}\n${fileHash}`, 'utf8');
}

/** Appends the seal to a finished PDF (a signed report's; others are returned as they are). */
export function sealPdf(pdf: Buffer, stamp: PdfStamp | null, keyring: Keyring = getKeyring()): Buffer {
  if (!stamp) return pdf;
  const fileHash = createHash('sha256').update(pdf).digest('hex');
  const { keyId, signature } = sign(sealStatement(stamp, fileHash), keyring);
  const line = `${SEAL_PREFIX}${formatPdfStamp(stamp)};file=${fileHash};filekey=${keyId};filesig=${signature}\n`;
  return Buffer.concat([pdf, Buffer.from(line, 'latin1')]);
}

/** The seal at the very end of a PDF and the bytes it covers, or null when there is none. */
export function readPdfSeal(pdf: Uint8Array): { seal: PdfSeal; body: Uint8Array } | null {
  const bytes = Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength);
  if (!bytes.subarray(0, 5).equals(Buffer.from('%PDF-'))) return null;
  // The seal is one short line at the end: look only at the tail.
  const tail = bytes.subarray(Math.max(0, bytes.length - 1024)).toString('latin1');
  const at = tail.lastIndexOf(SEAL_PREFIX);
  if (at < 0 || !tail.endsWith('\n') || tail.indexOf('\n', at + 1) !== tail.length - 1) return null;
  const value = tail.slice(at + SEAL_PREFIX.length, -1);
  const stamp = parsePdfStampValue(value);
  const file = /;file=([0-9a-f]{64});filekey=([0-9a-f]{16});filesig=([A-Za-z0-9+/=]{88})$/.exec(value);
  if (!stamp || !file) return null;
  const bodyEnd = bytes.length - Buffer.byteLength(tail.slice(at), 'latin1');
  return { seal: { ...stamp, fileHash: file[1]!, fileKeyId: file[2]!, fileSignature: file[3]! }, body: bytes.subarray(0, bodyEnd) };
}

/** Checks a file's seal: its bytes are what was sealed, and the seal is signed by a trusted key. */
export function verifyPdfSeal(found: { seal: PdfSeal; body: Uint8Array }, keyring: Keyring = getKeyring()): Verdict {
  const actual = createHash('sha256').update(found.body).digest('hex');
  const verdict = verify(sealStatement(found.seal, found.seal.fileHash), found.seal.fileKeyId, found.seal.fileSignature, keyring);
  if (verdict !== 'valid') return verdict;
  return actual === found.seal.fileHash ? 'valid' : 'altered';
}

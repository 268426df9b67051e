import { execFileSync } from 'node:child_process';
import { statSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { createTranslator } from 'next-intl';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@/db/client';
import type { Actor } from '@/lib/auth/permissions';
import { generateReport } from '@/lib/programme/reports';
import { situationReportPdf, type Translator } from '@/lib/reports/pdf';
import { openReport, getSituationReport, signReport, updateReport, canonicalContent, contentHash, type SituationReport } from '@/lib/reports/situation';
import { verifyReportFile, verifyStoredReport } from '@/lib/reports/verification';
import { verifyRequestSchema } from '@/lib/reports/verify-request';
import { getKeyring, loadKeyring, publishedKeys } from '@/lib/signing/keyring';
import { readPdfStamp } from '@/lib/signing/pdf-stamp';
import { reportStatement, sign } from '@/lib/signing/signature';
import { DEFAULT_SHIFT_STARTS, parseShiftStarts, shiftAt } from '@/lib/domain/shifts';
import { addDays, localDateOf } from '@/lib/domain/local-time';
import en from '@/messages/en.json';
import { engineName, openTestDatabase } from '@/test/support/database';

// Report signatures on both engines: a signed report verifies; its row changed in the database
// (even with the hash column rewritten to match) is altered; a signature by a key this
// installation does not trust is an unknown key; after a key rotation with the old public key
// kept trusted, old reports still verify; and a downloaded PDF carries a signature that
// pdfinfo can read and that fails once a byte of it changes.

// Settings are read on first use, so the key files must be named before any test runs.
const keyDir = mkdtempSync(path.join(tmpdir(), 'vigil-signing-'));
process.env.SIGNING_KEY_FILE = path.join(keyDir, 'signing-key.pem');
process.env.DATA_DIR ??= path.join(keyDir, 'data');

let database: Database;
const SHIFTS = parseShiftStarts(DEFAULT_SHIFT_STARTS);
let operator: Actor & { displayName: string };

beforeAll(async () => {
  database = await openTestDatabase();
  [operator] = (await database.rows<Actor & { displayName: string }>(sql`
    SELECT id, display_name AS "displayName", role::text AS role, province_code AS "provinceCode", agency_id AS "agencyId" FROM users WHERE username = 'operator'`)) as [Actor & { displayName: string }];
});
afterAll(async () => {
  await database?.close();
  rmSync(keyDir, { recursive: true, force: true });
});

/** A signed situation report of the shift `daysBack` days before the current one. */
async function signedReport(daysBack: number, narrative: string): Promise<SituationReport> {
  const current = shiftAt(new Date(), SHIFTS);
  const input = daysBack === 0 ? {} : { shiftDate: addDays(current.date, -daysBack), shiftIndex: current.index };
  const { id } = await openReport(database, operator, input, SHIFTS, null);
  const draft = (await getSituationReport(database.db, operator, id))!;
  const saved = await updateReport(database, operator, id, { version: draft.version, narrative }, SHIFTS, null);
  return signReport(database, operator, id, saved.version, null);
}

/** Changes a signed report behind the application's back (the freeze trigger off, as an intruder with DDL rights could). */
async function tamper(id: string, change: ReturnType<typeof sql>): Promise<void> {
  await database.db.transaction(async (tx) => {
    await tx.execute(sql`ALTER TABLE situation_reports DISABLE TRIGGER situation_reports_frozen`);
    await tx.execute(sql`UPDATE situation_reports SET ${change} WHERE id = ${id}`);
    await tx.execute(sql`ALTER TABLE situation_reports ENABLE TRIGGER situation_reports_frozen`);
  });
}

const translator = createTranslator({ locale: 'en', messages: en, timeZone: 'Asia/Ho_Chi_Minh' }) as unknown as Translator;

describe(`report signatures (${engineName})`, () => {
  it('keeps the private key in a file of mode 600, not in the database, and names keys by 16 hex digits', () => {
    const keyring = getKeyring();
    expect(keyring.current.keyId).toMatch(/^[0-9a-f]{16}$/);
    expect(statSync(process.env.SIGNING_KEY_FILE!).mode & 0o777).toBe(0o600);
    // The same file gives the same key: a restart (or a second instance sharing it) signs alike.
    expect(loadKeyring({ keyFile: process.env.SIGNING_KEY_FILE! }).current.keyId).toBe(keyring.current.keyId);
    expect(publishedKeys()).toEqual([{ keyId: keyring.current.keyId, pem: expect.stringContaining('BEGIN PUBLIC KEY'), current: true }]);
  });

  it('signs a situation report when it is signed; the stored report verifies', async () => {
    const report = await signedReport(0, 'Biên giới ổn định.');
    expect(report.signatureKeyId).toBe(getKeyring().current.keyId);
    expect(report.signature).toMatch(/^[A-Za-z0-9+/]{86}==$/);
    expect(await verifyStoredReport(database, report.id, { actor: operator })).toEqual({
      verdict: 'valid',
      kind: 'situation_report',
      reportId: report.id,
      keyId: report.signatureKeyId,
      contentHash: report.contentHash,
    });
    const [audit] = await database.rows<{ details: { keyId: string } }>(sql`SELECT details FROM audit_log WHERE action = 'sitrep.sign' AND target_id = ${report.id}`);
    expect(audit!.details.keyId).toBe(report.signatureKeyId);
  });

  it('finds a report changed in the database altered, even with its hash recomputed to match', async () => {
    const report = await signedReport(1, 'Không có vụ việc.');
    await tamper(report.id, sql`narrative = 'Có vụ việc.'`);
    expect((await verifyStoredReport(database, report.id, { actor: operator }))!.verdict).toBe('altered');
    // Whoever can write the database can recompute the hash; the signature still gives them away.
    const changed = (await getSituationReport(database.db, operator, report.id))!;
    await tamper(report.id, sql`content_hash = ${contentHash(canonicalContent(changed))}`);
    expect((await getSituationReport(database.db, operator, report.id))!.hashValid).toBe(true);
    expect((await verifyStoredReport(database, report.id, { actor: operator }))!.verdict).toBe('altered');
  });

  it('finds a signature by a key pair this installation does not trust an unknown key', async () => {
    const report = await signedReport(2, 'Tuần tra bình thường.');
    const other = loadKeyring({ keyFile: path.join(keyDir, 'other.pem') });
    const forged = sign(reportStatement('situation_report', report.id, report.contentHash!), other);
    await tamper(report.id, sql`signature_key_id = ${forged.keyId}, signature = ${forged.signature}`);
    expect((await verifyStoredReport(database, report.id, { actor: operator }))!.verdict).toBe('unknown_key');
    // The same signature is valid for a verifier that does trust that key: the verdict is about trust, not form.
    expect((await verifyStoredReport(database, report.id, { actor: operator, keyring: other }))!.verdict).toBe('valid');
  });

  it('keeps old reports verifiable after a key rotation that keeps the old public key trusted', async () => {
    const old = await signedReport(3, 'Ca trực trước khi đổi khóa.');
    const newKeyFile = path.join(keyDir, 'rotated.pem');
    const rotatedAlone = loadKeyring({ keyFile: newKeyFile });
    expect(rotatedAlone.current.keyId).not.toBe(old.signatureKeyId);
    expect((await verifyStoredReport(database, old.id, { actor: operator, keyring: rotatedAlone }))!.verdict).toBe('unknown_key');
    const bundle = path.join(keyDir, 'trusted.pem');
    writeFileSync(bundle, `# retired ${old.signatureKeyId}\n${getKeyring().current.pem}`);
    const rotated = loadKeyring({ keyFile: newKeyFile, trustedKeysFile: bundle });
    expect(rotated.current.keyId).toBe(rotatedAlone.current.keyId);
    expect((await verifyStoredReport(database, old.id, { actor: operator, keyring: rotated }))!.verdict).toBe('valid');
    expect(publishedKeys(rotated).map((k) => [k.keyId, k.current])).toEqual([
      [rotated.current.keyId, true],
      [old.signatureKeyId, false],
    ]);
    // A bundle entry that is not an Ed25519 public key is refused, not skipped.
    writeFileSync(bundle, '-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE\n-----END PUBLIC KEY-----\n');
    expect(() => loadKeyring({ keyFile: newKeyFile, trustedKeysFile: bundle })).toThrow(/Public key 1/);
  });

  it('signs programme daily reports when they are made', async () => {
    const { report } = await generateReport(database, { scopeKey: 'national', date: addDays(localDateOf(new Date()), -1), actor: null });
    expect(report.signatureKeyId).toBe(getKeyring().current.keyId);
    expect(await verifyStoredReport(database, report.id, { actor: null })).toMatchObject({ verdict: 'valid', kind: 'programme_report', contentHash: report.contentHash });
  });

  it('round-trips a PDF: pdfinfo reads the signature, it verifies, and a flipped byte or a changed report fails', async () => {
    const report = await signedReport(4, 'Báo cáo để tải về.');
    const pdf = await situationReportPdf(report, { locale: 'en', t: translator, printedBy: 'test' });
    const file = path.join(keyDir, 'report.pdf');
    writeFileSync(file, pdf);
    const info = execFileSync('pdfinfo', ['-custom', file], { encoding: 'utf8' });
    const field = info.split('\n').find((l) => l.startsWith('VigilSignature:'));
    expect(field).toContain(`id=${report.id};sha256=${report.contentHash};key=${report.signatureKeyId};sig=${report.signature}`);
    // The page says which key signed it and how to check it.
    expect(execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ')).toContain(`key id ${report.signatureKeyId}. To check it`);

    expect(readPdfStamp(pdf)).toEqual({ kind: 'situation_report', id: report.id, contentHash: report.contentHash, keyId: report.signatureKeyId, signature: report.signature });
    expect(await verifyReportFile(database, pdf, { actor: operator })).toMatchObject({ verdict: 'valid', stored: 'matches', reportId: report.id });

    // One character of the signature changed in the file's bytes (same length, still base64).
    const bytes = Buffer.from(pdf);
    const at = bytes.indexOf(`sig=${report.signature}`) + 10;
    bytes[at] = bytes[at] === 0x41 ? 0x42 : 0x41;
    expect(readPdfStamp(bytes)!.signature).not.toBe(report.signature);
    expect((await verifyReportFile(database, bytes, { actor: operator }))!.verdict).toBe('altered');
    // A changed content hash in the file: the signature no longer covers it.
    const hashed = Buffer.from(pdf.toString('latin1').replace(`sha256=${report.contentHash}`, `sha256=${'0'.repeat(64)}`), 'latin1');
    expect((await verifyReportFile(database, hashed, { actor: operator }))!.verdict).toBe('altered');
    // Any other change to the file's bytes (a page edited in another program), or the seal copied
    // onto another PDF: the seal covers every byte before it.
    const edited = Buffer.from(pdf);
    const title = edited.indexOf('/Title');
    edited[title + 10] = edited[title + 10] === 0x41 ? 0x42 : 0x41;
    expect((await verifyReportFile(database, edited, { actor: operator }))!.verdict).toBe('altered');
    const sealAt = pdf.lastIndexOf('\n%VigilFileSignature ');
    const other = await situationReportPdf(await signedReport(5, 'Một báo cáo khác.'), { locale: 'en', t: translator, printedBy: 'test' });
    const forged = Buffer.concat([other.subarray(0, other.lastIndexOf('\n%VigilFileSignature ')), pdf.subarray(sealAt)]);
    expect((await verifyReportFile(database, forged, { actor: operator }))!.verdict).toBe('altered');
    // Something appended after the seal (an incremental update): no seal at the end, nothing to check.
    expect(await verifyReportFile(database, Buffer.concat([pdf, Buffer.from('1 0 obj\n(x)\nendobj\n%%EOF\n')]), { actor: operator })).toBeNull();
    // Without a database the file's own signature is still checked.
    expect(await verifyReportFile(null, pdf, { actor: null })).toMatchObject({ verdict: 'valid', stored: 'not_checked' });

    // The genuine file against a report since changed in the database.
    await tamper(report.id, sql`narrative = 'Đã sửa sau khi tải về.'`);
    expect(await verifyReportFile(database, pdf, { actor: operator })).toMatchObject({ verdict: 'altered', stored: 'differs' });
    // A file with no signature (a draft's, or rewritten by another program) has nothing to check.
    expect(await verifyReportFile(database, Buffer.from('%PDF-1.7\n%%EOF\n'), { actor: operator })).toBeNull();
  });

  it('accepts one of a report id or a base64 PDF in a check request, not both', () => {
    expect(verifyRequestSchema.safeParse({ id: '3F2A0000-0000-4000-8000-000000000000' })).toMatchObject({ success: true, data: { id: '3f2a0000-0000-4000-8000-000000000000' } });
    expect(verifyRequestSchema.safeParse({ pdf: 'JVBERi0xLjcK' }).success).toBe(true);
    expect(verifyRequestSchema.safeParse({ id: '3f2a0000-0000-4000-8000-000000000000', pdf: 'JVBERi0xLjcK' }).success).toBe(false);
    expect(verifyRequestSchema.safeParse({ pdf: 'not base64!' }).success).toBe(false);
    expect(verifyRequestSchema.safeParse({}).success).toBe(false);
  });
});

import 'server-only';
import type { Database } from '@/db/client';
import { can, type Actor } from '@/lib/auth/permissions';
import { canReadScope, getReport as getProgrammeReport, programmeContentHash } from '@/lib/programme/reports';
import { canonicalContent, contentHash, getReport as getSituationReport } from '@/lib/reports/situation';
import type { Keyring } from '@/lib/signing/keyring';
import { readPdfSeal, verifyPdfSeal } from '@/lib/signing/pdf-stamp';
import { reportStatement, verify, type SignedReportKind, type Verdict } from '@/lib/signing/signature';

// Checking a report's signature, from the stored row (by id) or from a downloaded PDF. The
// stored check recomputes the canonical content from the row, so a row changed in the database
// no longer matches its signature. The file check verifies the seal over the file's own bytes and
// the report signature it carries, then compares the content hash with the stored row's, when the
// reader may see it.

export interface VerificationResult {
  /** `unsigned`: a draft, or a report signed before signatures existed (a content hash only). */
  verdict: Verdict | 'unsigned';
  kind: SignedReportKind;
  reportId: string;
  keyId: string | null;
  /** The content hash checked: recomputed from the row, or the one the file carries. */
  contentHash: string | null;
  /**
   * A file only: does the stored report still have the content the file's signature covers?
   * `not_checked` when it is not in this database or the reader may not see it.
   */
  stored?: 'matches' | 'differs' | 'not_checked';
}

interface StoredReport {
  kind: SignedReportKind;
  id: string;
  /** The hash of the content as stored now; null for a draft. */
  recomputedHash: string | null;
  storedHash: string | null;
  keyId: string | null;
  signature: string | null;
  readable: (actor: Actor) => boolean;
}

async function loadStored(database: Database, id: string): Promise<StoredReport | null> {
  const sitrep = await getSituationReport(database.db, id);
  if (sitrep) {
    return {
      kind: 'situation_report',
      id: sitrep.id,
      recomputedHash: sitrep.status === 'signed' ? contentHash(canonicalContent(sitrep)) : null,
      storedHash: sitrep.contentHash,
      keyId: sitrep.signatureKeyId,
      signature: sitrep.signature,
      readable: (actor) => can(actor, 'sitrep:read', { provinceCode: sitrep.provinceCode }),
    };
  }
  const programme = await getProgrammeReport(database, id);
  if (programme) {
    return {
      kind: 'programme_report',
      id: programme.id,
      recomputedHash: programmeContentHash(programme.figures),
      storedHash: programme.contentHash,
      keyId: programme.signatureKeyId,
      signature: programme.signature,
      readable: (actor) => can(actor, 'facility:read') && canReadScope(actor, programme.scopeKey),
    };
  }
  return null;
}

export interface VerifyOptions {
  /** Who asks: reports they may not read are treated as absent. null: the command line, which sees all. */
  actor: Actor | null;
  keyring?: Keyring;
}

/** The signature of a stored report, checked against its content as stored now; null: no such report (for this reader). */
export async function verifyStoredReport(database: Database, id: string, { actor, keyring }: VerifyOptions): Promise<VerificationResult | null> {
  const report = await loadStored(database, id);
  if (!report || (actor && !report.readable(actor))) return null;
  const base = { kind: report.kind, reportId: report.id, keyId: report.keyId, contentHash: report.recomputedHash };
  if (!report.recomputedHash || !report.keyId || !report.signature) return { ...base, verdict: 'unsigned' };
  let verdict = verify(reportStatement(report.kind, report.id, report.recomputedHash), report.keyId, report.signature, keyring);
  // The content still matches its signature but the stored hash column was rewritten: altered too.
  if (verdict === 'valid' && report.storedHash !== report.recomputedHash) verdict = 'altered';
  return { ...base, verdict };
}

/**
 * A downloaded report PDF: its seal (a signature over the file's own bytes, lib/signing/pdf-stamp)
 * and the report signature it carries; null when the file has no seal (not a signed Vigil report,
 * or rewritten or appended to by another program). Valid means this very file is what Vigil
 * wrote for that report; its content is then compared with the stored report when the reader
 * may see it.
 */
export async function verifyReportFile(database: Database | null, pdf: Uint8Array, { actor, keyring }: VerifyOptions): Promise<VerificationResult | null> {
  const found = readPdfSeal(pdf);
  if (!found) return null;
  const { seal } = found;
  let verdict = verifyPdfSeal(found, keyring);
  if (verdict === 'valid') verdict = verify(reportStatement(seal.kind, seal.id, seal.contentHash), seal.keyId, seal.signature, keyring);
  const result: VerificationResult = { verdict, kind: seal.kind, reportId: seal.id, keyId: seal.keyId, contentHash: seal.contentHash, stored: 'not_checked' };
  const report = database ? await loadStored(database, seal.id) : null;
  if (report && report.kind === seal.kind && (!actor || report.readable(actor))) {
    result.stored = report.recomputedHash === seal.contentHash ? 'matches' : 'differs';
    // A genuine file whose report no longer has that content: the stored report was changed.
    if (result.verdict === 'valid' && result.stored === 'differs') result.verdict = 'altered';
  }
  return result;
}

import 'server-only';
import { createHash } from 'node:crypto';
import { MANIFEST_FILE, SIGNATURE_FILE, manifestSchema, signatureFileSchema, type EvidenceManifest } from '@/lib/evidence/manifest';
import { readZip, UnreadableZip } from '@/lib/evidence/zip';
import type { Keyring } from '@/lib/signing/keyring';
import { evidenceStatement, verify, type Verdict } from '@/lib/signing/signature';

// Checking an evidence package as handed in: the signature over its manifest (Ed25519, a trusted
// key), then every file against the manifest's SHA-256, and nothing in the archive the manifest
// does not list. Needs only the package and the public keys: no database, no network.

export interface PackageProblem {
  path: string;
  /** `changed`: not the bytes exported; `missing`: listed but absent; `unlisted`: present but not listed. */
  problem: 'changed' | 'missing' | 'unlisted';
}

export interface PackageVerification {
  verdict: Verdict;
  keyId: string | null;
  incidentId: string | null;
  alertIds: string[];
  exportedAt: string | null;
  exportedBy: string | null;
  /** Files the manifest lists, and their bytes. */
  files: number;
  bytes: number;
  clips: { cameraName: string; from: string; to: string }[];
  /**
   * Segments whose bytes, when exported, were no longer those the recorder stored from the camera
   * (the recordings folder was changed before the export): the package is intact, its video is not.
   */
  segmentsNotAsRecorded: number;
  problems: PackageProblem[];
}

/** Not an evidence package at all (not a ZIP, or no manifest and signature): nothing to judge. */
export class NotAPackage extends Error {}

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

function parseJson(bytes: Uint8Array): unknown {
  try {
    return JSON.parse(Buffer.from(bytes).toString('utf8'));
  } catch {
    return undefined;
  }
}

/** `keyring`: the keys trusted (the installation's by default; an investigator's copy of the published key). */
export function verifyEvidencePackage(archive: Uint8Array, keyring?: Pick<Keyring, 'trusted'>): PackageVerification {
  let files: Map<string, Uint8Array>;
  try {
    files = readZip(archive);
  } catch (err) {
    if (err instanceof UnreadableZip) throw new NotAPackage(err.message);
    throw err;
  }
  const manifestBytes = files.get(MANIFEST_FILE);
  const signatureBytes = files.get(SIGNATURE_FILE);
  if (!manifestBytes || !signatureBytes) throw new NotAPackage(`The archive has no ${MANIFEST_FILE} and ${SIGNATURE_FILE}: not a Vigil evidence package`);

  const result: PackageVerification = { verdict: 'altered', keyId: null, incidentId: null, alertIds: [], exportedAt: null, exportedBy: null, files: 0, bytes: 0, clips: [], segmentsNotAsRecorded: 0, problems: [] };
  const signature = signatureFileSchema.safeParse(parseJson(signatureBytes));
  if (!signature.success) {
    result.problems.push({ path: SIGNATURE_FILE, problem: 'changed' });
    return result;
  }
  result.keyId = signature.data.keyId;
  const manifestSha256 = sha256(manifestBytes);
  // The signature covers the manifest as it is in the archive, whatever the signature file claims.
  const signed = verify(evidenceStatement(manifestSha256), signature.data.keyId, signature.data.signature, keyring);
  if (signed === 'altered' || manifestSha256 !== signature.data.manifestSha256) result.problems.push({ path: MANIFEST_FILE, problem: 'changed' });

  const parsed = manifestSchema.safeParse(parseJson(manifestBytes));
  if (!parsed.success) {
    if (!result.problems.length) result.problems.push({ path: MANIFEST_FILE, problem: 'changed' });
    result.verdict = signed === 'unknown_key' ? 'unknown_key' : 'altered';
    return result;
  }
  const manifest: EvidenceManifest = parsed.data;
  Object.assign(result, {
    incidentId: manifest.incidentId,
    alertIds: manifest.alertIds,
    exportedAt: manifest.exportedAt,
    exportedBy: manifest.exportedBy.name,
    files: manifest.files.length,
    bytes: manifest.files.reduce((sum, f) => sum + f.bytes, 0),
    clips: manifest.clips.map((c) => ({ cameraName: c.cameraName, from: c.from, to: c.to })),
    segmentsNotAsRecorded: manifest.clips.reduce((sum, c) => sum + c.segments.filter((s) => !s.asRecorded).length, 0),
  });
  const listed = new Set<string>([MANIFEST_FILE, SIGNATURE_FILE]);
  for (const file of manifest.files) {
    listed.add(file.path);
    const bytes = files.get(file.path);
    if (!bytes) result.problems.push({ path: file.path, problem: 'missing' });
    else if (bytes.byteLength !== file.bytes || sha256(bytes) !== file.sha256) result.problems.push({ path: file.path, problem: 'changed' });
  }
  for (const name of files.keys()) if (!listed.has(name)) result.problems.push({ path: name, problem: 'unlisted' });

  result.verdict = signed === 'valid' && result.problems.length > 0 ? 'altered' : signed;
  return result;
}

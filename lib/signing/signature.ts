import 'server-only';
import { sign as edSign, verify as edVerify } from 'node:crypto';
import { getKeyring, type Keyring } from '@/lib/signing/keyring';

export type Verdict = 'valid' | 'altered' | 'unknown_key';

export interface Signature {
  keyId: string;
  /** The 64-byte Ed25519 signature, base64. */
  signature: string;
}

/** Signs bytes with the current key. */
export function sign(bytes: Uint8Array, keyring: Keyring = getKeyring()): Signature {
  return { keyId: keyring.current.keyId, signature: edSign(null, bytes, keyring.current.privateKey).toString('base64') };
}

const BASE64 = /^[A-Za-z0-9+/]{86}==$/;

/**
 * Checks a signature: `unknown_key` when no trusted key has that id (signed elsewhere, or by a
 * key retired without being kept trusted), `altered` when the bytes are not what was signed
 * (or the signature is malformed), `valid` otherwise.
 */
export function verify(bytes: Uint8Array, keyId: string, signature: string, keyring: Pick<Keyring, 'trusted'> = getKeyring()): Verdict {
  const key = keyring.trusted.get(keyId);
  if (!key) return 'unknown_key';
  if (!BASE64.test(signature)) return 'altered';
  return edVerify(null, bytes, key.publicKey, Buffer.from(signature, 'base64')) ? 'valid' : 'altered';
}

export type SignedReportKind = 'situation_report' | 'programme_report';

/**
 * The bytes a report signature covers: the report's kind and id and the SHA-256 of its canonical
 * content (the hash the reports already store, lib/reports/canonical). Signing the hash rather
 * than the content lets a PDF carry a checkable signature without the content; kind and id bind
 * it to one report, so it cannot be moved to another report with the same figures.
 */
export function reportStatement(kind: SignedReportKind, id: string, contentHash: string): Buffer {
  return Buffer.from(`vigil-report-signature/1\n${kind}\n${id.toLowerCase()}\n${contentHash.toLowerCase()}`, 'utf8');
}

/**
 * The bytes an evidence package's signature covers: the SHA-256 of its manifest as stored in the
 * package. The manifest lists every other file's SHA-256, so one signature covers them all.
 */
export function evidenceStatement(manifestSha256: string): Buffer {
  return Buffer.from(`vigil-evidence-signature/1\n${manifestSha256.toLowerCase()}`, 'utf8');
}

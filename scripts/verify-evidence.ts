// `npm run verify-evidence -- <package.zip> [--keys <public keys.pem>]`: checks an evidence
// package with the keys this installation trusts, or only with the public keys in a PEM file (as
// published at /verify) where Vigil is not installed. Needs no database. Prints the verdict and
// every file that differs; exits 0 valid, 1 altered, 2 unknown key, 3 not a package or bad arguments.
import { readFileSync } from 'node:fs';
import { NotAPackage, verifyEvidencePackage } from '@/lib/evidence/verify';
import { parsePublicKeyBundle } from '@/lib/signing/keyring';

const EXIT = { valid: 0, altered: 1, unknown_key: 2 } as const;
const usage = 'usage: npm run verify-evidence -- <package.zip> [--keys <public keys.pem>]';

function fail(message: string): never {
  console.error(message);
  process.exit(3);
}

const args = process.argv.slice(2);
const keysAt = args.indexOf('--keys');
const keysFile = keysAt >= 0 ? args[keysAt + 1] : undefined;
const files = args.filter((_, i) => keysAt < 0 || (i !== keysAt && i !== keysAt + 1));
if (files.length !== 1 || files[0]!.startsWith('-') || (keysAt >= 0 && !keysFile)) fail(usage);

let archive: Buffer;
let trusted;
try {
  archive = readFileSync(files[0]!);
  if (keysFile) trusted = new Map(parsePublicKeyBundle(readFileSync(keysFile, 'utf8'), keysFile).map((k) => [k.keyId, k]));
} catch (err) {
  fail((err as Error).message);
}
try {
  const result = verifyEvidencePackage(archive, trusted && { trusted });
  const words = { valid: 'valid', altered: 'altered', unknown_key: 'unknown key' }[result.verdict];
  console.log(`${words}\n  incident ${result.incidentId ?? '—'} (${result.alertIds.length} alerts)\n  exported ${result.exportedAt ?? '—'} by ${result.exportedBy ?? '—'}\n  key ${result.keyId ?? '—'}\n  ${result.files} files, ${result.bytes} bytes`);
  for (const c of result.clips) console.log(`  clip ${c.cameraName}: ${c.from} – ${c.to}`);
  for (const p of result.problems) console.log(`  ${p.problem}: ${p.path}`);
  if (result.segmentsNotAsRecorded) console.log(`  warning: ${result.segmentsNotAsRecorded} segments were not as recorded when exported (the recordings were changed before the export)`);
  process.exit(EXIT[result.verdict]);
} catch (err) {
  if (err instanceof NotAPackage) fail(`${files[0]}: ${err.message}`);
  throw err;
}

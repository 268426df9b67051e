// `npm run verify-report -- <file.pdf | --id <uuid>>`: checks a report's signature with the
// keys this installation trusts (SIGNING_KEY_FILE, SIGNING_TRUSTED_KEYS_FILE). Prints the verdict
// and exits 0 valid, 1 altered, 2 unknown key, 3 when there is nothing to check (no such report,
// unsigned, a file without a signature, bad arguments). A file is also compared with the stored
// report when the database can be opened (not while the embedded app holds its data folder).
import { readFileSync } from 'node:fs';
import { type Database } from '@/db/client';
import { getDatabase } from '@/lib/database';
import { uuidSchema } from '@/lib/api/schemas';
import { verifyReportFile, verifyStoredReport, type VerificationResult } from '@/lib/reports/verification';

const EXIT = { valid: 0, altered: 1, unknown_key: 2, unsigned: 3 } as const;
const usage = 'usage: npm run verify-report -- <report.pdf> | --id <report uuid>';

function report(result: VerificationResult | null, what: string): never {
  if (!result) {
    console.error(`${what}: nothing to check`);
    process.exit(3);
  }
  const words = { valid: 'valid', altered: 'altered', unknown_key: 'unknown key', unsigned: 'unsigned (content hash only)' }[result.verdict];
  console.log(`${words}\n  ${result.kind} ${result.reportId}\n  key ${result.keyId ?? '—'}\n  sha256 ${result.contentHash ?? '—'}${result.stored ? `\n  stored report: ${result.stored.replace('_', ' ')}` : ''}`);
  process.exit(EXIT[result.verdict]);
}

const args = process.argv.slice(2);
if (args[0] === '--id') {
  const id = uuidSchema.safeParse(args[1]);
  if (!id.success || args.length !== 2) {
    console.error(usage);
    process.exit(3);
  }
  const database = await getDatabase();
  const result = await verifyStoredReport(database, id.data, { actor: null });
  await database.close();
  report(result, `report ${id.data}`);
} else if (args.length === 1 && !args[0]!.startsWith('-')) {
  let pdf: Buffer;
  try {
    pdf = readFileSync(args[0]!);
  } catch (err) {
    console.error(`${args[0]}: ${(err as Error).message}`);
    process.exit(3);
  }
  let database: Database | null = null;
  try {
    database = await getDatabase();
  } catch (err) {
    console.error(`(not compared with the stored report: ${(err as Error).message})`);
  }
  const result = await verifyReportFile(database, pdf, { actor: null });
  await database?.close();
  report(result, args[0]!);
} else {
  console.error(usage);
  process.exit(3);
}

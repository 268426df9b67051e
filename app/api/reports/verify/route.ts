import { AppError } from '@/lib/api/errors';
import { apiRoute, readJsonBody } from '@/lib/api/handler';
import { MAX_VERIFY_PDF_BYTES, verifyRequestSchema } from '@/lib/reports/verify-request';
import { verifyReportFile, verifyStoredReport } from '@/lib/reports/verification';

export const dynamic = 'force-dynamic';

// base64 is 4/3 of the bytes, plus the JSON around it.
const MAX_BODY_BYTES = Math.ceil((MAX_VERIFY_PDF_BYTES * 4) / 3) + 1024;

/**
 * Checks a report's signature: `{ id }` a stored report against its content as stored now, or
 * `{ pdf }` (base64) a downloaded copy against the signature it carries and the stored report.
 * Answers valid / altered / unknown_key (or unsigned); a report the user may not read is 404.
 */
export const POST = apiRoute({ action: 'signature:verify' }, async ({ req, database, user }) => {
  const body = await readJsonBody(req, verifyRequestSchema, MAX_BODY_BYTES);
  if ('id' in body) {
    const result = await verifyStoredReport(database, body.id, { actor: user });
    if (!result) throw new AppError('not_found', 'No such report');
    return result;
  }
  const pdf = Buffer.from(body.pdf, 'base64');
  if (pdf.byteLength > MAX_VERIFY_PDF_BYTES) throw new AppError('payload_too_large', `The file is larger than ${MAX_VERIFY_PDF_BYTES} bytes`);
  const result = await verifyReportFile(database, pdf, { actor: user });
  if (!result) throw new AppError('unprocessable', 'The file carries no Vigil report signature (not a signed report PDF as downloaded)', [{ path: 'body.pdf', message: 'no signature found' }]);
  return result;
});

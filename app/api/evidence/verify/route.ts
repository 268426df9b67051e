import { AppError } from '@/lib/api/errors';
import { readBodyBytes } from '@/lib/api/body';
import { apiRoute } from '@/lib/api/handler';
import { MAX_VERIFY_PACKAGE_BYTES } from '@/lib/evidence/manifest';
import { NotAPackage, verifyEvidencePackage } from '@/lib/evidence/verify';

export const dynamic = 'force-dynamic';

/**
 * Checks an evidence package (the ZIP as the body, `Content-Type: application/zip`): valid,
 * altered (with the files that differ) or unknown_key. 422 when it is not a Vigil package.
 */
export const POST = apiRoute({ action: 'signature:verify', bodyType: 'application/zip' }, async ({ req }) => {
  const archive = await readBodyBytes(req, MAX_VERIFY_PACKAGE_BYTES);
  try {
    return verifyEvidencePackage(archive);
  } catch (err) {
    if (err instanceof NotAPackage) throw new AppError('unprocessable', err.message, [{ path: 'body', message: 'not an evidence package' }]);
    throw err;
  }
});

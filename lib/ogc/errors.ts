import type { AppError, ErrorCode } from '@/lib/api/errors';

/** OGC API exception codes for Vigil's error codes. */
const OGC_CODE: Partial<Record<ErrorCode, string>> = {
  bad_request: 'InvalidParameterValue',
  unauthorized: 'Unauthorized',
  forbidden: 'Forbidden',
  not_found: 'NotFound',
  not_acceptable: 'NotAcceptable',
};

/** An error as an OGC API exception (`{ code, description }`), with the reasons in the description. */
export function ogcErrorResponse(error: AppError): Response {
  const reasons = error.issues?.map((i) => `${i.path.replace(/^(query|path)\./, '')}: ${i.message}`) ?? [];
  const description = [error.message, ...reasons].join(' — ');
  return Response.json({ code: OGC_CODE[error.code] ?? 'ServerError', description }, { status: error.status, headers: { 'Cache-Control': 'no-store' } });
}

import { z } from 'zod';
import { apiRoute, readJsonBody } from '@/lib/api/handler';
import { uuidSchema } from '@/lib/api/schemas';
import { signReport, signReportSchema } from '@/lib/reports/situation';

export const dynamic = 'force-dynamic';

/** Signs a draft: it is frozen from then on; corrections are new reports. */
export const POST = apiRoute({ action: 'sitrep:write', params: z.object({ id: uuidSchema }) }, async ({ req, params, database, user, ip }) => {
  const input = await readJsonBody(req, signReportSchema);
  return signReport(database, user, params.id, input.version, ip);
});

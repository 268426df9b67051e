import { z } from 'zod';
import { reportBack } from '@/lib/alerts/dispatch';
import { dispatchReportSchema } from '@/lib/alerts/schemas';
import { apiRoute, readJsonBody } from '@/lib/api/handler';
import { uuidSchema } from '@/lib/api/schemas';

export const dynamic = 'force-dynamic';

/** Records what a dispatched team reported back (once; later words go in the resolution). */
export const POST = apiRoute({ action: 'alert:handle', params: z.object({ id: uuidSchema }) }, async ({ req, params, database, user, ip }) => {
  const input = await readJsonBody(req, dispatchReportSchema);
  return reportBack(database, user, params.id, input.report, ip);
});

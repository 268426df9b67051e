import { apiRoute, readJsonBody } from '@/lib/api/handler';
import { recordTip, tipSchema } from '@/lib/tips/record';

export const dynamic = 'force-dynamic';

/** Records a resident's tip; it becomes an alert in the inbox at once. */
export const POST = apiRoute({ action: 'tip:write' }, async ({ req, database, user, ip }) => {
  const input = await readJsonBody(req, tipSchema);
  return recordTip(database, user, input, ip);
});

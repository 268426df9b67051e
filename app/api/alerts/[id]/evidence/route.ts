import { z } from 'zod';
import { markGroupEvidence } from '@/lib/alerts/evidence';
import { apiRoute, readJsonBody } from '@/lib/api/handler';
import { uuidSchema } from '@/lib/api/schemas';

export const dynamic = 'force-dynamic';

const body = z.object({ evidence: z.boolean() }).strict();

/** Keeps an alert group's recorded clips as evidence past retention (`{ "evidence": true }`), or releases them. */
export const POST = apiRoute({ action: 'alert:handle', params: z.object({ id: uuidSchema }) }, async ({ req, params, database, user, ip }) => {
  const input = await readJsonBody(req, body);
  return markGroupEvidence(database, user, params.id, input.evidence, ip);
});

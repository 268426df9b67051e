import { z } from 'zod';
import { apiRoute, readJsonBody } from '@/lib/api/handler';
import { uuidSchema } from '@/lib/api/schemas';
import { recordStep } from '@/lib/programme/facilities';
import { connectSchema, planSchema, surveySchema } from '@/lib/programme/schemas';

export const dynamic = 'force-dynamic';

const params = z.object({ id: uuidSchema, step: z.enum(['survey', 'plan', 'connect']) });
const BODY = { survey: surveySchema, plan: planSchema, connect: connectSchema } as const;

/**
 * Records a step of the pipeline: a survey, the agreed connection plan, or that connection work
 * has started. Connected and degraded are never recorded: they follow from the cameras' health.
 */
export const POST = apiRoute({ action: 'facility:progress', params }, async ({ req, params: p, database, user, ip }) => {
  const body = await readJsonBody(req, BODY[p.step] as z.ZodType<z.infer<(typeof BODY)[typeof p.step]>>, 256 * 1024);
  return recordStep(database, { actor: user, ip }, p.id, p.step, body);
});

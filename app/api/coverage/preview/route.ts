import { apiRoute, readJsonBody } from '@/lib/api/handler';
import { getBorderCoverage, resolveCoverageProvince } from '@/lib/coverage/analysis';
import { coveragePreviewSchema } from '@/lib/coverage/schemas';

export const dynamic = 'force-dynamic';

/**
 * The coverage with up to 20 proposed cameras added (nothing is saved): the same answer as
 * GET /api/coverage, plus what the proposed cameras add, in total and each.
 */
export const POST = apiRoute({ action: 'zone:write' }, async ({ req, database, scope }) => {
  const body = await readJsonBody(req, coveragePreviewSchema, 16 * 1024);
  const provinceCode = await resolveCoverageProvince(database, scope, body.province);
  return getBorderCoverage(database, { scope, provinceCode, period: body.period, proposed: body.cameras });
});

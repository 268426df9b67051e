import { apiRoute } from '@/lib/api/handler';
import { can } from '@/lib/auth/permissions';
import { getBorderCoverage, resolveCoverageProvince } from '@/lib/coverage/analysis';
import { coverageQuerySchema } from '@/lib/coverage/schemas';

export const dynamic = 'force-dynamic';

/**
 * How much of the province's land and river border the cameras the caller can see cover by
 * day or by night: totals, per section, the uncovered stretches longest first (with the
 * nearest post) and the covered stretches, as lines for the map.
 */
export const GET = apiRoute({ action: 'layer:read', query: coverageQuerySchema }, async ({ query, database, scope, user }) => {
  const provinceCode = await resolveCoverageProvince(database, scope, query.province);
  const coverage = await getBorderCoverage(database, { scope, provinceCode, period: query.period });
  // The map offers the proposed-camera form to those the preview route will answer.
  return { ...coverage, canPropose: can(user, 'zone:write') };
});

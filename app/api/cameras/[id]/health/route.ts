import { z } from 'zod';
import { getCameraHealth, getStatusTimeline, getUptime } from '@/db/queries/camera-health';
import { AppError } from '@/lib/api/errors';
import { apiRoute } from '@/lib/api/handler';
import { periodSchema } from '@/lib/api/period';
import { can } from '@/lib/auth/permissions';

export const dynamic = 'force-dynamic';

/** One camera's uptime and status timeline for a period (default: the last 24 hours). */
export const GET = apiRoute(
  { params: z.object({ id: z.string().uuid() }), query: periodSchema, action: 'camera:read' },
  async ({ params, query, user, database }) => {
    const camera = await getCameraHealth(database, params.id);
    if (!camera) throw new AppError('not_found', 'No such camera');
    if (!can(user, 'camera:read', camera)) throw new AppError('forbidden', 'You may not see this camera');
    const [uptime] = await getUptime(database, query.from, query.to, [params.id]);
    // What answers at the upstream's address is for administrators only.
    const withDetail = can(user, 'camera:write', camera);
    return {
      status: camera.status,
      statusSince: camera.statusSince,
      lastErrorCode: camera.lastErrorCode,
      lastError: withDetail ? camera.lastError : null,
      from: query.from,
      to: query.to,
      uptimePct: uptime?.uptimePct ?? null,
      timeline: await getStatusTimeline(database, params.id, query.from, query.to, withDetail),
    };
  },
);

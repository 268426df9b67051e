import { z } from 'zod';
import { apiRoute } from '@/lib/api/handler';
import { startExport } from '@/lib/detections/export';
import { eventKindSchema, withEventFilter } from '@/lib/detections/filters';

export const dynamic = 'force-dynamic';

const query = withEventFilter({ kind: eventKindSchema, format: z.enum(['csv', 'geojson']).default('csv') });

/** The current filter's detections or crossings as CSV or GeoJSON, streamed; X-Total-Rows lets the page show progress. Audited. */
export const GET = apiRoute({ action: 'detection:export', query }, async ({ user, query: q, database, scope, ip }) => {
  const { kind, format, ...filter } = q;
  const { total, stream } = await startExport(database, { id: user.id, username: user.username, ip }, scope, filter, kind, format);
  const stamp = new Date().toISOString().slice(0, 16).replace(/[:T-]/g, '');
  return new Response(stream, {
    headers: {
      'Content-Type': format === 'csv' ? 'text/csv; charset=utf-8' : 'application/geo+json',
      'Content-Disposition': `attachment; filename="vigil-${kind}-${stamp}.${format}"`,
      'X-Total-Rows': String(total),
      'Cache-Control': 'no-store',
    },
  });
});

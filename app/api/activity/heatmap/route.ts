import { z } from 'zod';
import { heatmap } from '@/db/queries/detections';
import { apiRoute } from '@/lib/api/handler';
import { eventKindSchema, withEventFilter } from '@/lib/detections/filters';

export const dynamic = 'force-dynamic';

const query = withEventFilter({ kind: eventKindSchema, zoom: z.coerce.number().min(0).max(22).default(9) });

/** Where detections or crossings concentrate over a period, by hour or day, for the heatmap and its playback. */
export const GET = apiRoute({ action: 'detection:read', query }, async ({ query: q, reads, scope }) => {
  const { kind, zoom, ...filter } = q;
  const database = await reads();
  // How each point is drawn when zoomed in: PostGIS's vector tiles, or GeoJSON where the embedded engine's PostGIS cannot make them.
  return { ...(await heatmap(database, scope, filter, kind, zoom)), points: database.engine === 'postgres' ? 'tiles' : 'geojson' };
});

import { NextResponse } from 'next/server';
import { getKmMarkers, KM_MARKER_STEP_M } from '@/db/queries/border-km-markers';
import { AppError } from '@/lib/api/errors';
import { apiRoute } from '@/lib/api/handler';
import { kmMarkersQuerySchema } from '@/lib/coverage/schemas';

export const dynamic = 'force-dynamic';

/** A point every 500 m along the land and river border, with its kilometre mark, as GeoJSON. */
export const GET = apiRoute({ action: 'layer:read', query: kmMarkersQuerySchema }, async ({ query, database, scope }) => {
  if (query.province && scope.provinceCode && query.province !== scope.provinceCode) throw new AppError('forbidden', 'That province is outside your scope');
  const markers = await getKmMarkers(database, query.province ?? scope.provinceCode);
  return NextResponse.json(
    {
      type: 'FeatureCollection',
      stepM: KM_MARKER_STEP_M,
      features: markers.map((m) => ({
        type: 'Feature',
        geometry: { type: 'Point', coordinates: [m.lon, m.lat] },
        properties: { provinceCode: m.provinceCode, km: m.km, section: m.section, major: m.major },
      })),
    },
    // The border is reference data: a browser may keep the marks for a few minutes.
    { headers: { 'Content-Type': 'application/geo+json', 'Cache-Control': 'private, max-age=300' } },
  );
});

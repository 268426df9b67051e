import { z } from 'zod';
import { listMapMatches } from '@/db/queries/search';
import { apiRoute } from '@/lib/api/handler';
import { storableText } from '@/lib/api/schemas';
import { parseCoordinate } from '@/lib/geo/coordinates';

export const dynamic = 'force-dynamic';

const query = z.object({ q: storableText(100).pipe(z.string().trim().min(1, 'type something to search for')) }).strict();

/**
 * The map's search box: places, cameras, posts, zones and facilities by name (accents
 * optional), within the caller's scope; and, when the text is a position in any common
 * notation (decimal, DMS, UTM, MGRS, VN-2000), that position.
 */
export const GET = apiRoute({ action: 'map:view', query }, async ({ query, database, scope }) => ({
  coordinate: parseCoordinate(query.q),
  results: await listMapMatches(database, scope, query.q),
}));

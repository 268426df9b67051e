import { conformance } from '@/lib/ogc/documents';
import { ogcBase } from '@/lib/ogc/links';
import { metadataQuery } from '@/lib/ogc/params';
import { ogcRoute } from '@/lib/ogc/route';

export const dynamic = 'force-dynamic';

/** The conformance classes: Core, GeoJSON, OpenAPI 3.0. */
export const GET = ogcRoute({ action: 'map:view', query: metadataQuery, produces: 'json' }, async ({ req }) => conformance(ogcBase(req)));

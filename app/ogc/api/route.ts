import { openApiDocument } from '@/lib/ogc/documents';
import { ogcBase } from '@/lib/ogc/links';
import { metadataQuery } from '@/lib/ogc/params';
import { ogcRoute } from '@/lib/ogc/route';

export const dynamic = 'force-dynamic';

/** The OpenAPI 3.0 definition of the OGC API. */
export const GET = ogcRoute({ action: 'map:view', query: metadataQuery, produces: 'openapi' }, async ({ req }) => openApiDocument(ogcBase(req)));

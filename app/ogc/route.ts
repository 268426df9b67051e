import { landingPage } from '@/lib/ogc/documents';
import { ogcBase } from '@/lib/ogc/links';
import { metadataQuery } from '@/lib/ogc/params';
import { ogcRoute } from '@/lib/ogc/route';

export const dynamic = 'force-dynamic';

/** OGC API – Features landing page: links to the definition, conformance and collections. */
export const GET = ogcRoute({ action: 'map:view', query: metadataQuery, produces: 'json' }, async ({ req }) => landingPage(ogcBase(req)));

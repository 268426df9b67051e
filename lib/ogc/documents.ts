import { COLLECTION_IDS, collectionHasTime, type CollectionId, type Envelope } from '@/db/queries/ogc-collections';
import { COLLECTION_INFO } from '@/lib/ogc/collections';
import { GEOJSON_TYPE, JSON_TYPE, OPENAPI_TYPE, type Link } from '@/lib/ogc/links';
import { DEFAULT_LIMIT, MAX_LIMIT } from '@/lib/ogc/params';

// The documents of OGC API – Features Part 1 (Core, GeoJSON, OpenAPI 3.0) as Vigil serves them.

export const CRS84 = 'http://www.opengis.net/def/crs/OGC/1.3/CRS84';
const GREGORIAN = 'http://www.opengis.net/def/uom/ISO-8601/0/Gregorian';

export const CONFORMANCE = [
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core',
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson',
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30',
];

export function landingPage(base: string) {
  return {
    title: 'Vigil — OGC API – Features',
    description: 'Zones, patrol routes, posts, cameras and the border line of the Vigil surveillance portal, for GIS clients (QGIS, GDAL). Send a personal API token as Authorization: Bearer vgl_…',
    links: [
      { href: base, rel: 'self', type: JSON_TYPE, title: 'this document' },
      { href: `${base}/api`, rel: 'service-desc', type: OPENAPI_TYPE, title: 'the API definition' },
      { href: `${base}/conformance`, rel: 'conformance', type: JSON_TYPE, title: 'conformance classes' },
      { href: `${base}/collections`, rel: 'data', type: JSON_TYPE, title: 'the collections' },
    ] satisfies Link[],
  };
}

export function conformance(base: string) {
  return { links: [{ href: `${base}/conformance`, rel: 'self', type: JSON_TYPE, title: 'this document' }], conformsTo: CONFORMANCE };
}

/** One collection's description; the extent is what the caller may see of it. */
export function collectionDocument(base: string, id: CollectionId, extent: { bbox: Envelope | null; interval: [string | null, string | null] | null }) {
  const href = `${base}/collections/${id}`;
  const spatial = extent.bbox ? { spatial: { bbox: [extent.bbox], crs: CRS84 } } : {};
  const temporal = extent.interval && (extent.interval[0] || extent.interval[1]) ? { temporal: { interval: [extent.interval], trs: GREGORIAN } } : {};
  return {
    id,
    title: COLLECTION_INFO[id].title,
    description: COLLECTION_INFO[id].description,
    itemType: 'feature',
    crs: [CRS84],
    ...(extent.bbox || Object.keys(temporal).length ? { extent: { ...spatial, ...temporal } } : {}),
    links: [
      { href, rel: 'self', type: JSON_TYPE, title: 'this collection' },
      { href: `${href}/items`, rel: 'items', type: GEOJSON_TYPE, title: `${COLLECTION_INFO[id].title} (GeoJSON)` },
    ] satisfies Link[],
  };
}

const ref = (name: string) => ({ $ref: `#/components/parameters/${name}` });
const errors = {
  '400': { $ref: '#/components/responses/Error' },
  '401': { $ref: '#/components/responses/Error' },
  '403': { $ref: '#/components/responses/Error' },
  '404': { $ref: '#/components/responses/Error' },
  '406': { $ref: '#/components/responses/Error' },
};
const json = (description: string) => ({ description, content: { [JSON_TYPE]: { schema: { type: 'object' } } } });

/** A small OpenAPI 3.0 definition of /ogc (GDAL reads the limits of `limit` from it). */
export function openApiDocument(base: string) {
  return {
    openapi: '3.0.3',
    info: { title: 'Vigil — OGC API – Features', version: '1.0.0', description: 'Read-only features for GIS clients, in the caller’s scope.' },
    servers: [{ url: base }],
    security: [{ bearerToken: [] }],
    paths: {
      '/': { get: { operationId: 'getLandingPage', summary: 'Landing page', parameters: [ref('f')], responses: { '200': json('Links to the API definition, conformance and collections'), ...errors } } },
      '/conformance': { get: { operationId: 'getConformance', summary: 'Conformance classes', parameters: [ref('f')], responses: { '200': json('The conformance classes'), ...errors } } },
      '/api': { get: { operationId: 'getApi', summary: 'This definition', parameters: [ref('f')], responses: { '200': { description: 'OpenAPI 3.0', content: { [OPENAPI_TYPE]: { schema: { type: 'object' } } } }, ...errors } } },
      '/collections': { get: { operationId: 'getCollections', summary: 'The collections', parameters: [ref('f')], responses: { '200': json('The collections the caller may read'), ...errors } } },
      '/collections/{collectionId}': { get: { operationId: 'describeCollection', summary: 'One collection', parameters: [ref('collectionId'), ref('f')], responses: { '200': json('The collection'), ...errors } } },
      '/collections/{collectionId}/items': {
        get: {
          operationId: 'getFeatures',
          summary: 'Features of a collection, in pages ordered by id',
          parameters: [ref('collectionId'), ref('bbox'), ref('datetime'), ref('limit'), ref('offset'), ref('f')],
          responses: { '200': { description: 'A page of features', content: { [GEOJSON_TYPE]: { schema: { type: 'object' } } } }, ...errors },
        },
      },
      '/collections/{collectionId}/items/{featureId}': {
        get: {
          operationId: 'getFeature',
          summary: 'One feature',
          parameters: [ref('collectionId'), ref('featureId'), ref('f')],
          responses: { '200': { description: 'The feature', content: { [GEOJSON_TYPE]: { schema: { type: 'object' } } } }, ...errors },
        },
      },
    },
    components: {
      securitySchemes: { bearerToken: { type: 'http', scheme: 'bearer', description: 'A personal API token (vgl_…) from the account page' } },
      parameters: {
        collectionId: { name: 'collectionId', in: 'path', required: true, schema: { type: 'string', enum: [...COLLECTION_IDS] } },
        featureId: { name: 'featureId', in: 'path', required: true, schema: { type: 'string' } },
        f: { name: 'f', in: 'query', required: false, schema: { type: 'string', enum: ['json'] } },
        bbox: {
          name: 'bbox',
          in: 'query',
          required: false,
          style: 'form',
          explode: false,
          description: 'west,south,east,north in WGS84 degrees (CRS84); features whose geometry intersects it',
          schema: { type: 'array', minItems: 4, maxItems: 4, items: { type: 'number' } },
        },
        datetime: {
          name: 'datetime',
          in: 'query',
          required: false,
          description: `An RFC 3339 instant or interval (open end: ..), on updated_at (cameras: status_since); not for ${COLLECTION_IDS.filter((c) => !collectionHasTime(c)).join(', ')}`,
          schema: { type: 'string' },
        },
        limit: { name: 'limit', in: 'query', required: false, style: 'form', explode: false, schema: { type: 'integer', minimum: 1, maximum: MAX_LIMIT, default: DEFAULT_LIMIT } },
        offset: { name: 'offset', in: 'query', required: false, schema: { type: 'integer', minimum: 0, default: 0 } },
      },
      responses: {
        Error: {
          description: 'An exception: code and description (the reasons)',
          content: { [JSON_TYPE]: { schema: { type: 'object', required: ['code'], properties: { code: { type: 'string' }, description: { type: 'string' } } } } },
        },
      },
    },
  };
}

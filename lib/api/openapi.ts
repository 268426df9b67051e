import { z } from 'zod';
import { contactSchema, facilityCreateSchema, facilityPatchSchema, generateReportSchema, planSchema, settingsSchema, surveySchema } from '@/lib/programme/schemas';
import { eventSchema, MAX_BATCH, MAX_SNAPSHOT_BYTES } from '@/lib/detections/ingest';
import { DETECTION_CLASSES, MAX_PERIOD_DAYS } from '@/lib/detections/filters';
import { coveragePreviewSchema } from '@/lib/coverage/schemas';

// The OpenAPI 3.1 description of Vigil's machine-facing API, built from the same zod schemas
// that validate requests, so the document cannot drift from what the server accepts.

const error = { $ref: '#/components/schemas/Error' };
const json = (schema: object) => ({ 'application/json': { schema } });
const errors = (...codes: number[]) =>
  Object.fromEntries(codes.map((c) => [String(c), { description: ERROR_TEXT[c] ?? 'Error', content: json(error) }]));
const ERROR_TEXT: Record<number, string> = {
  400: 'Malformed body or invalid parameters (the reasons are listed)',
  401: 'Missing, unknown or revoked credentials',
  403: 'Not permitted (role, scope, or every event outside the key’s cameras)',
  404: 'Not found, or not visible to this user',
  413: 'Body or batch too large',
  422: 'Nothing in the request could be used',
  503: 'Storage unavailable: nothing was kept, retry the same request after Retry-After seconds',
};

const filterParams = [
  { name: 'from', in: 'query', schema: { type: 'string', format: 'date-time' }, description: 'Start (default: 24 h before `to`)' },
  { name: 'to', in: 'query', schema: { type: 'string', format: 'date-time' }, description: `End (default: now); at most ${MAX_PERIOD_DAYS} days after from` },
  { name: 'class', in: 'query', schema: { type: 'string' }, description: `Comma-separated: ${DETECTION_CLASSES.join(', ')}` },
  { name: 'zone', in: 'query', schema: { type: 'string', format: 'uuid' } },
  { name: 'camera', in: 'query', schema: { type: 'string', format: 'uuid' } },
  { name: 'minConfidence', in: 'query', schema: { type: 'number', minimum: 0, maximum: 0.9, multipleOf: 0.1 } },
  { name: 'daynight', in: 'query', schema: { enum: ['all', 'day', 'night'] }, description: 'Night is 18:00–06:00 Asia/Ho_Chi_Minh' },
  { name: 'direction', in: 'query', schema: { enum: ['into_vn', 'out_of_vn'] }, description: 'Crossings only' },
  { name: 'kind', in: 'query', schema: { enum: ['detections', 'crossings'], default: 'detections' } },
];

export function openApiDocument(serverUrl: string) {
  const event = z.toJSONSchema(eventSchema, { io: 'input', target: 'draft-2020-12' });
  delete (event as { $schema?: string }).$schema;
  const coveragePreview = z.toJSONSchema(coveragePreviewSchema, { io: 'input', target: 'draft-2020-12' });
  delete (coveragePreview as { $schema?: string }).$schema;
  const schemaOf = (schema: z.ZodType) => {
    const out = z.toJSONSchema(schema, { io: 'input', target: 'draft-2020-12', unrepresentable: 'any' });
    delete (out as { $schema?: string }).$schema;
    return out;
  };
  const uuidParam = (name: string) => ({ name, in: 'path', required: true, schema: { type: 'string', format: 'uuid' } });
  return {
    openapi: '3.1.0',
    info: {
      title: 'Vigil API',
      version: '1',
      description:
        'Detections from AI cameras and edge boxes (device keys), and the activity queries behind the map and the events page (signed-in users). Times are ISO 8601; positions WGS84.',
    },
    servers: [{ url: serverUrl }],
    components: {
      securitySchemes: {
        deviceKey: { type: 'http', scheme: 'bearer', description: 'A device API key `vk_…`, created by an admin and shown once' },
        session: { type: 'apiKey', in: 'cookie', name: 'next-auth.session-token', description: 'A signed-in user’s session' },
        apiToken: { type: 'http', scheme: 'bearer', description: 'A personal API token `vgl_…` (account page), acting as its user: accepted by the layer exports and the OGC API at /ogc only' },
      },
      schemas: {
        Event: event,
        CoveragePreview: coveragePreview,
        FacilityCreate: schemaOf(facilityCreateSchema),
        FacilityPatch: schemaOf(facilityPatchSchema),
        Contact: schemaOf(contactSchema),
        Survey: schemaOf(surveySchema),
        Plan: schemaOf(planSchema),
        ProgrammeSettings: schemaOf(settingsSchema),
        ReportRequest: schemaOf(generateReportSchema),
        Error: {
          type: 'object',
          properties: { error: { type: 'object', properties: { code: { type: 'string' }, message: { type: 'string' }, issues: { type: 'array', description: 'Each reason the input was refused', items: { type: 'object', properties: { path: { type: 'string' }, message: { type: 'string' } }, required: ['path', 'message'] } }, details: { type: 'object', description: 'Facts about the refusal, e.g. who changed the record first (409)' } }, required: ['code', 'message'] } },
        },
        IngestResult: {
          type: 'object',
          properties: {
            accepted: { type: 'integer' },
            duplicates: { type: 'integer', description: 'Event ids already stored for this device: not stored again' },
            crossings: { type: 'integer' },
            rejected: { type: 'array', items: { type: 'object', properties: { index: { type: 'integer' }, id: { type: ['string', 'null'] }, reason: { type: 'string' } } } },
          },
        },
      },
    },
    paths: {
      '/api/ingest/events': {
        post: {
          summary: 'Send detections',
          description: `One event, a JSON array, or NDJSON (\`application/x-ndjson\`), up to ${MAX_BATCH} events and 8 MB. Each event is validated on its own. \`snapshot\` is a base64 JPEG of at most ${MAX_SNAPSHOT_BYTES / 1024} KB. Re-sending an event id never duplicates it, so a batch that got no answer or a 503 can be sent again as it was.`,
          security: [{ deviceKey: [] }],
          requestBody: {
            required: true,
            content: {
              'application/json': { schema: { oneOf: [{ $ref: '#/components/schemas/Event' }, { type: 'array', maxItems: MAX_BATCH, items: { $ref: '#/components/schemas/Event' } }] } },
              'application/x-ndjson': { schema: { type: 'string', description: 'One Event per line' } },
            },
          },
          responses: {
            '200': { description: 'At least one event stored or already stored', content: json({ $ref: '#/components/schemas/IngestResult' }) },
            '422': { description: 'No event was valid', content: json({ $ref: '#/components/schemas/IngestResult' }) },
            '403': { description: 'Every event named a camera outside the key’s scope', content: json({ $ref: '#/components/schemas/IngestResult' }) },
            ...errors(400, 401, 413, 503),
          },
        },
      },
      '/api/ingest/cameras': {
        get: {
          summary: 'The cameras this key may report for, with their mounting (position, bearing, field of view, range)',
          security: [{ deviceKey: [] }],
          responses: { '200': { description: 'Cameras' }, ...errors(401) },
        },
      },
      '/api/devices': {
        get: { summary: 'Device keys (admins; never the keys themselves)', security: [{ session: [] }], responses: { '200': { description: 'Devices' }, ...errors(401, 403) } },
        post: {
          summary: 'Create a device key (admins); the key is in this response only',
          security: [{ session: [] }],
          requestBody: { content: json({ type: 'object', properties: { name: { type: 'string' }, cameraIds: { type: 'array', items: { type: 'string', format: 'uuid' } } }, required: ['name', 'cameraIds'] }) },
          responses: { '201': { description: '{ id, key }' }, ...errors(400, 401, 403) },
        },
      },
      '/api/devices/{id}': {
        delete: { summary: 'Revoke a device key (admins)', security: [{ session: [] }], parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } }], responses: { '204': { description: 'Revoked' }, ...errors(401, 403, 404) } },
      },
      '/api/events': {
        get: {
          summary: 'Live events (Server-Sent Events)',
          description:
            'Topics: `camera.status`, `alert`, `crossing`, `detections`, and `reset` (too much was missed to replay: reload). Every message has an id; reconnect with `Last-Event-ID` (or `?lastEventId=`) to be sent what was missed in the last hour.',
          security: [{ session: [] }],
          responses: { '200': { description: 'text/event-stream' }, ...errors(401) },
        },
      },
      '/api/activity': {
        get: {
          summary: 'Detections or crossings matching a filter, newest first, by page',
          security: [{ session: [] }],
          parameters: [...filterParams, { name: 'cursor', in: 'query', schema: { type: 'string' } }, { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 500, default: 50 } }],
          responses: { '200': { description: '{ rows, next }: pass `next` as `cursor` for the following page' }, ...errors(400, 401, 403) },
        },
      },
      '/api/activity/heatmap': {
        get: {
          summary: 'Where detections or crossings concentrate, by hour (periods up to 8 days) or day',
          security: [{ session: [] }],
          parameters: [...filterParams, { name: 'zoom', in: 'query', schema: { type: 'number', minimum: 0, maximum: 22, default: 9 } }],
          responses: { '200': { description: '{ mode: points|cells, cellDeg, bucket, total, items: [lon, lat, bucketEpochSeconds, weight][], byBucket, byZone, points: tiles|geojson (how this server gives each point when zoomed in) }' }, ...errors(400, 401, 403) },
        },
      },
      '/api/activity/tiles/{z}/{x}/{y}': {
        get: {
          summary: 'Each detection or crossing of a period in one Mapbox vector tile (server engine; zoom 12 and closer)',
          description:
            'Layer `activity`: one point per pixel (of a 512-pixel tile) and class; feature id = the newest event there; properties `class`, `n` (events), `at` (newest, epoch seconds). Layer `cut` has a feature when the tile holds more than it shows. 204 when empty; 404 on the embedded engine (use /api/activity/points).',
          security: [{ session: [] }],
          parameters: [
            ...['z', 'x', 'y'].map((name) => ({ name, in: 'path', required: true, schema: { type: 'integer', minimum: 0 } })),
            ...filterParams,
          ],
          responses: { '200': { description: 'application/vnd.mapbox-vector-tile' }, '204': { description: 'Nothing in this tile' }, ...errors(400, 401, 403, 404) },
        },
      },
      '/api/activity/points': {
        get: {
          summary: 'Each detection or crossing of a period inside a view, as GeoJSON (zoom 12 and closer)',
          security: [{ session: [] }],
          parameters: [
            ...filterParams,
            { name: 'bbox', in: 'query', required: true, schema: { type: 'string' }, description: 'west,south,east,north (WGS 84), at most 0.6° a side' },
            { name: 'zoom', in: 'query', required: true, schema: { type: 'integer', minimum: 12, maximum: 22 } },
          ],
          responses: { '200': { description: '{ type: FeatureCollection, features (one per pixel and class: id, class, n, at), truncated }' }, ...errors(400, 401, 403) },
        },
      },
      '/api/activity/export': {
        get: {
          summary: 'The filter’s rows as CSV or GeoJSON, streamed (operators, leaders, admins; audited)',
          security: [{ session: [] }],
          parameters: [...filterParams, { name: 'format', in: 'query', schema: { enum: ['csv', 'geojson'], default: 'csv' } }],
          responses: { '200': { description: 'The file; `X-Total-Rows` gives the row count for progress' }, ...errors(400, 401, 403, 422) },
        },
      },
      '/api/activity/{kind}/{id}': {
        get: {
          summary: 'One detection or crossing with its track',
          security: [{ session: [] }],
          parameters: [
            { name: 'kind', in: 'path', required: true, schema: { enum: ['detections', 'crossings'] } },
            { name: 'id', in: 'path', required: true, schema: { type: 'integer' } },
          ],
          responses: { '200': { description: '{ event, track, crossings }' }, ...errors(401, 403, 404) },
        },
      },
      '/api/coverage': {
        get: {
          summary: 'How much of the land and river border the cameras see, by day or night, and the gaps',
          description:
            'Sampled every ≤ 50 m along the border from its western end. Night reach: the camera’s night range, else its range with infrared, else 30 % of it. Kilometres are measured along the border.',
          security: [{ session: [] }],
          parameters: [
            { name: 'period', in: 'query', schema: { enum: ['day', 'night'], default: 'day' } },
            { name: 'province', in: 'query', schema: { type: 'string' }, description: 'Default: the caller’s province' },
          ],
          responses: {
            '200': { description: '{ totalKm, coveredKm, coveredUncertaintyKm (± from the sampling step), coveredShare, sections[], gaps[{ fromKm, toKm, lengthKm, sections, geometry, nearestPost }] longest first, covered{ stretches, geometry }, canPropose }' },
            ...errors(400, 401, 403, 404),
          },
        },
      },
      '/api/coverage/preview': {
        post: {
          summary: 'The coverage with up to 20 proposed cameras added (planners; nothing is saved)',
          security: [{ session: [] }],
          requestBody: { required: true, content: json({ $ref: '#/components/schemas/CoveragePreview' }) },
          responses: { '200': { description: 'As GET /api/coverage, plus proposed{ baseCoveredKm, addedKm, cameras[{ index, rangeM, addedKm }], newlyCovered[] }' }, ...errors(400, 401, 403, 404) },
        },
      },
      '/api/border/km-markers': {
        get: {
          summary: 'A point every 500 m along the land and river border with its kilometre mark (GeoJSON)',
          security: [{ session: [] }],
          parameters: [{ name: 'province', in: 'query', schema: { type: 'string' } }],
          responses: { '200': { description: 'application/geo+json FeatureCollection of Points { provinceCode, km, section, major }' }, ...errors(400, 401, 403) },
        },
      },
      '/api/border/km': {
        get: {
          summary: 'The kilometre mark of the border point nearest a position',
          security: [{ session: [] }],
          parameters: [
            { name: 'lon', in: 'query', required: true, schema: { type: 'number' } },
            { name: 'lat', in: 'query', required: true, schema: { type: 'number' } },
            { name: 'province', in: 'query', schema: { type: 'string' } },
          ],
          responses: { '200': { description: '{ provinceCode, km, section, distanceM, lon, lat }' }, ...errors(400, 401, 403, 404) },
        },
      },
      '/api/tokens': {
        get: { summary: 'The caller’s personal API tokens (never the tokens themselves)', security: [{ session: [] }], responses: { '200': { description: '{ tokens: [{ id, name, prefix, createdAt, expiresAt, lastUsedAt, revokedAt }] }' }, ...errors(401) } },
        post: {
          summary: 'Create a personal API token for GIS clients; the token is in this response only (audited)',
          security: [{ session: [] }],
          requestBody: { content: json({ type: 'object', properties: { name: { type: 'string', maxLength: 100 }, expiresInDays: { type: ['integer', 'null'], minimum: 1, maximum: 3650 } }, required: ['name'] }) },
          responses: { '201': { description: '{ id, name, prefix, token, createdAt, expiresAt }' }, ...errors(400, 401) },
        },
      },
      '/api/tokens/{id}': {
        delete: { summary: 'Revoke one of the caller’s tokens (audited)', security: [{ session: [] }], parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } }], responses: { '200': { description: 'Revoked' }, ...errors(401, 404) } },
      },
      '/api/export/{collection}': {
        get: {
          summary: 'A layer as a file, in the caller’s scope (audited); the same features as the OGC API at /ogc',
          security: [{ session: [] }, { apiToken: [] }],
          parameters: [
            { name: 'collection', in: 'path', required: true, schema: { enum: ['zones', 'routes', 'posts', 'cameras', 'border'] } },
            { name: 'format', in: 'query', schema: { enum: ['geojson', 'kml', 'csv'], default: 'geojson' }, description: 'CSV: UTF-8 with BOM, one row per feature, geometry as WKT' },
            { name: 'bbox', in: 'query', schema: { type: 'string' }, description: 'west,south,east,north (WGS84): features intersecting it' },
          ],
          responses: { '200': { description: 'The file (Content-Disposition names it); `X-Total-Rows` gives the feature count' }, ...errors(400, 401, 403, 404) },
        },
      },
      '/api/facilities': {
        get: {
          summary: 'Quarantine facilities in the caller’s scope (telecom staff: their company’s; an agency: its own)',
          security: [{ session: [] }],
          parameters: [
            { name: 'status', in: 'query', schema: { enum: ['not_surveyed', 'surveyed', 'plan_agreed', 'connecting', 'connected', 'degraded'] } },
            { name: 'province', in: 'query', schema: { type: 'string' } },
            { name: 'telecom', in: 'query', schema: { type: 'string' } },
            { name: 'closed', in: 'query', schema: { enum: ['include'] } },
          ],
          responses: { '200': { description: '{ facilities: [...] }' }, ...errors(400, 401, 403) },
        },
        post: { summary: 'Register a facility (audited); it starts not surveyed', security: [{ session: [] }], requestBody: { required: true, content: json({ $ref: '#/components/schemas/FacilityCreate' }) }, responses: { '201': { description: '{ id }' }, ...errors(400, 401, 403, 422) } },
      },
      '/api/facilities/{id}': {
        get: { summary: 'A facility with contacts, survey, plan, cameras, uptime today and over 7 days, outages and history', security: [{ session: [] }], parameters: [uuidParam('id')], responses: { '200': { description: 'The facility' }, ...errors(401, 403, 404) } },
        patch: { summary: 'Edit, close or reopen; `baseVersion` is the version read (409 when someone saved since)', security: [{ session: [] }], parameters: [uuidParam('id')], requestBody: { required: true, content: json({ $ref: '#/components/schemas/FacilityPatch' }) }, responses: { '200': { description: '{ id, version }' }, ...errors(400, 401, 403, 404, 409, 422) } },
      },
      '/api/facilities/{id}/contacts': {
        post: { summary: 'Add a contact person', security: [{ session: [] }], parameters: [uuidParam('id')], requestBody: { required: true, content: json({ $ref: '#/components/schemas/Contact' }) }, responses: { '201': { description: '{ id }' }, ...errors(400, 401, 403, 404, 422) } },
      },
      '/api/facilities/{id}/contacts/{contactId}': {
        patch: { summary: 'Replace a contact’s details', security: [{ session: [] }], parameters: [uuidParam('id'), uuidParam('contactId')], requestBody: { required: true, content: json({ $ref: '#/components/schemas/Contact' }) }, responses: { '200': { description: '{ ok }' }, ...errors(400, 401, 403, 404) } },
        delete: { summary: 'Remove a contact (kept in the record)', security: [{ session: [] }], parameters: [uuidParam('id'), uuidParam('contactId')], responses: { '200': { description: '{ ok }' }, ...errors(401, 403, 404) } },
      },
      '/api/facilities/{id}/steps/{step}': {
        post: {
          summary: 'Record a step: survey, the agreed plan, or that connection work started (in order; 409 otherwise). Connected and degraded follow from the cameras’ health only.',
          security: [{ session: [] }],
          parameters: [uuidParam('id'), { name: 'step', in: 'path', required: true, schema: { enum: ['survey', 'plan', 'connect'] } }],
          requestBody: { required: true, content: json({ oneOf: [{ $ref: '#/components/schemas/Survey' }, { $ref: '#/components/schemas/Plan' }, { type: 'object', properties: { notes: { type: ['string', 'null'] } } }] }) },
          responses: { '200': { description: '{ status }' }, ...errors(400, 401, 403, 404, 409, 422) },
        },
      },
      '/api/facilities/contacts': {
        get: { summary: 'The contact list of the facilities in scope; xlsx and csv are audited', security: [{ session: [] }], parameters: [{ name: 'format', in: 'query', schema: { enum: ['json', 'xlsx', 'csv'], default: 'json' } }], responses: { '200': { description: '{ contacts } or the file' }, ...errors(400, 401, 403) } },
      },
      '/api/programme': {
        get: { summary: 'The programme dashboard for the caller’s scope', security: [{ session: [] }], responses: { '200': { description: '{ programme: { deadline, reportMinute, daysLeft }, figures }' }, ...errors(401, 403) } },
        patch: { summary: 'The programme’s deadline and daily report time (national users)', security: [{ session: [] }], requestBody: { required: true, content: json({ $ref: '#/components/schemas/ProgrammeSettings' }) }, responses: { '200': { description: 'The settings' }, ...errors(400, 401, 403) } },
      },
      '/api/programme/reports': {
        get: { summary: 'Daily reports the caller may read', security: [{ session: [] }], responses: { '200': { description: '{ reports }' }, ...errors(401, 403) } },
        post: { summary: 'Make the day’s report for a scope now, or get it when it was already made (once per day and scope)', security: [{ session: [] }], requestBody: { content: json({ $ref: '#/components/schemas/ReportRequest' }) }, responses: { '200': { description: 'It existed: { report, created: false }' }, '201': { description: 'Made: { report, created: true }' }, ...errors(400, 401, 403, 422) } },
      },
      '/api/programme/reports/{id}': {
        get: { summary: 'A frozen daily report as JSON, PDF or XLSX (downloads audited)', security: [{ session: [] }], parameters: [uuidParam('id'), { name: 'format', in: 'query', schema: { enum: ['json', 'pdf', 'xlsx'], default: 'json' } }], responses: { '200': { description: 'The report' }, ...errors(400, 401, 404) } },
      },
      '/api/activity/detections/{id}/snapshot': {
        get: {
          summary: 'The JPEG sent with a detection',
          security: [{ session: [] }],
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'integer' } }],
          responses: { '200': { description: 'image/jpeg' }, ...errors(401, 403, 404) },
        },
      },
    },
  };
}

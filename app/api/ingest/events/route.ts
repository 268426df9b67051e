import { readBodyText } from '@/lib/api/body';
import { AppError } from '@/lib/api/errors';
import { deviceRoute } from '@/lib/api/handler';
import { ingestEvents, MAX_BATCH } from '@/lib/detections/ingest';

export const dynamic = 'force-dynamic';

/** 5,000 events of a few hundred bytes each, with room to spare. */
const MAX_BODY_BYTES = 8 * 1024 * 1024;

/** A single event object, a JSON array, or NDJSON (one event per line). */
function parseBody(text: string, contentType: string): unknown[] {
  if (contentType.includes('ndjson') || contentType.includes('jsonl')) {
    return text
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line, i) => {
        try {
          return JSON.parse(line) as unknown;
        } catch {
          throw new AppError('bad_request', `Line ${i + 1} is not valid JSON`);
        }
      });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new AppError('bad_request', 'Body is not valid JSON (send one event, an array, or NDJSON with Content-Type: application/x-ndjson)');
  }
  if (Array.isArray(json)) return json;
  if (json && typeof json === 'object') return [json];
  throw new AppError('bad_request', 'Body must be an event object or an array of events');
}

/**
 * Ingest for AI cameras and edge boxes, authenticated by a device API key (not a session).
 * Per-event validation: the answer lists what was accepted and why each rejected event was.
 * Refused data never fails the request (ingestEvents rejects those events one by one): a 503
 * means the database was away and nothing of the batch was stored, so the same batch can be
 * sent again.
 */
export const POST = deviceRoute(
  async ({ req, device, database }) => {
    const text = await readBodyText(req, MAX_BODY_BYTES);
    const events = parseBody(text, req.headers.get('content-type') ?? '');
    if (events.length === 0) throw new AppError('bad_request', 'No events in the body');
    if (events.length > MAX_BATCH) throw new AppError('payload_too_large', `At most ${MAX_BATCH} events per request`);
    const result = await ingestEvents(database, device, events);
    const allOutOfScope = result.accepted === 0 && result.duplicates === 0 && result.rejected.length > 0 && result.rejected.every((r) => r.reason.includes('scope'));
    const status = allOutOfScope ? 403 : result.accepted + result.duplicates > 0 ? 200 : 422;
    return Response.json(result, { status });
  },
  { unavailable: 'Could not store the events; retry the same batch' },
);

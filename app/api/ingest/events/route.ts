import type { NextRequest } from 'next/server';
import { getDatabase } from '@/lib/database';
import { describeDatabaseError, isDatabaseUnavailable } from '@/db/errors';
import { readBodyText } from '@/lib/api/body';
import { AppError } from '@/lib/api/errors';
import { errorResponse } from '@/lib/api/handler';
import { authenticateDevice } from '@/lib/detections/device-keys';
import { ingestEvents, MAX_BATCH } from '@/lib/detections/ingest';
import { getLogger } from '@/lib/logger';

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
 */
export async function POST(req: NextRequest): Promise<Response> {
  try {
    const database = await getDatabase();
    const device = await authenticateDevice(database, req.headers.get('authorization'));
    const text = await readBodyText(req, MAX_BODY_BYTES);
    const events = parseBody(text, req.headers.get('content-type') ?? '');
    if (events.length === 0) throw new AppError('bad_request', 'No events in the body');
    if (events.length > MAX_BATCH) throw new AppError('payload_too_large', `At most ${MAX_BATCH} events per request`);
    const result = await ingestEvents(database, device, events);
    const allOutOfScope = result.accepted === 0 && result.duplicates === 0 && result.rejected.length > 0 && result.rejected.every((r) => r.reason.includes('scope'));
    const status = allOutOfScope ? 403 : result.accepted + result.duplicates > 0 ? 200 : 422;
    return Response.json(result, { status });
  } catch (err) {
    if (err instanceof AppError && err.code !== 'unavailable') return errorResponse(err);
    // Refused data never gets here (ingestEvents rejects those events one by one): what is left
    // is the database being away (nothing was stored, so the same batch can be sent again) or a
    // bug, which a retry will not fix.
    if (err instanceof AppError || isDatabaseUnavailable(err)) {
      getLogger().error({ err: describeDatabaseError(err) }, 'ingest could not reach the database');
      return unavailable();
    }
    getLogger().error({ err: describeDatabaseError(err), stack: (err as Error).stack }, 'ingest failed');
    return errorResponse(new AppError('internal', 'The server could not complete the request'));
  }
}

function unavailable(): Response {
  return new Response(JSON.stringify({ error: { code: 'unavailable', message: 'Could not store the events; retry the same batch' } }), {
    status: 503,
    headers: { 'Content-Type': 'application/json', 'Retry-After': '5' },
  });
}

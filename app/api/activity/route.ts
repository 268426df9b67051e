import { z } from 'zod';
import { decodeCursor, listActivity } from '@/db/queries/detections';
import { AppError } from '@/lib/api/errors';
import { apiRoute } from '@/lib/api/handler';
import { eventKindSchema, withEventFilter } from '@/lib/detections/filters';

export const dynamic = 'force-dynamic';

const query = withEventFilter({
  kind: eventKindSchema,
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
});

/** Detections or crossings matching the filter, newest first, one page at a time (`next` is the following page's cursor). */
export const GET = apiRoute({ action: 'detection:read', query }, async ({ query: q, reads, scope }) => {
  const { kind, cursor, limit, ...filter } = q;
  const position = cursor ? decodeCursor(cursor) : null;
  if (cursor && !position) throw new AppError('bad_request', 'Invalid cursor');
  return listActivity(await reads(), scope, filter, kind, { cursor: position, limit });
});

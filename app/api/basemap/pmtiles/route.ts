import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { AppError } from '@/lib/api/errors';
import { apiRoute } from '@/lib/api/handler';
import { getSettings } from '@/lib/settings';

export const dynamic = 'force-dynamic';

/** Largest single range served; MapLibre's PMTiles reader asks for far less. */
const MAX_RANGE = 16 * 1024 * 1024;

/**
 * The PMTiles archive named by BASEMAP_PMTILES_FILE, with HTTP range requests. The path
 * comes only from the server's settings, never from the request.
 */
export const GET = apiRoute({ action: 'map:view' }, async ({ req }) => {
  const file = getSettings().BASEMAP_PMTILES_FILE;
  if (!file) throw new AppError('not_found', 'No PMTiles basemap is configured');
  const { size } = await stat(file).catch(() => {
    throw new AppError('not_found', 'The configured PMTiles file is missing');
  });
  const range = req.headers.get('range');
  if (!range) {
    return new Response(Readable.toWeb(createReadStream(file)) as ReadableStream, {
      headers: { 'Content-Type': 'application/vnd.pmtiles', 'Content-Length': String(size), 'Accept-Ranges': 'bytes' },
    });
  }
  const match = /^bytes=(\d+)-(\d*)$/.exec(range);
  const start = match ? Number(match[1]) : NaN;
  const end = match?.[2] ? Math.min(Number(match[2]), size - 1) : Math.min(start + MAX_RANGE - 1, size - 1);
  if (!match || start >= size || end < start || end - start + 1 > MAX_RANGE) {
    return new Response(null, { status: 416, headers: { 'Content-Range': `bytes */${size}` } });
  }
  return new Response(Readable.toWeb(createReadStream(file, { start, end })) as ReadableStream, {
    status: 206,
    headers: {
      'Content-Type': 'application/vnd.pmtiles',
      'Content-Length': String(end - start + 1),
      'Content-Range': `bytes ${start}-${end}/${size}`,
      'Accept-Ranges': 'bytes',
    },
  });
});

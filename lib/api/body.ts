import 'server-only';
import { AppError } from '@/lib/api/errors';

/**
 * Reads a request body as UTF-8 text, counting bytes as they arrive and stopping at `maxBytes`
 * with 413: a body sent without Content-Length (chunked) is never buffered past the limit.
 */
export async function readBodyText(req: Request, maxBytes: number): Promise<string> {
  const bytes = await readBodyBytes(req, maxBytes);
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
}

/** The body's bytes, read as readBodyText reads them (413 past `maxBytes`), for a parser elsewhere (a worker thread). */
export async function readBodyBytes(req: Request, maxBytes: number): Promise<Uint8Array> {
  const tooLarge = () => new AppError('payload_too_large', `Body larger than ${maxBytes} bytes`);
  const declared = Number(req.headers.get('content-length'));
  if (declared > maxBytes) throw tooLarge();
  if (!req.body) return new Uint8Array(0);
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    let next: ReadableStreamReadResult<Uint8Array>;
    try {
      next = await reader.read();
    } catch {
      throw new AppError('bad_request', 'The request body could not be read');
    }
    if (next.done) break;
    total += next.value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge();
    }
    chunks.push(next.value);
  }
  return Buffer.concat(chunks, total);
}

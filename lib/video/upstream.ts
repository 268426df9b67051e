import 'server-only';
import { fetchDemo, isDemoUrl } from '@/lib/video/demo-source';

/** A camera's upstream as the server sees it; never sent to a browser. */
export interface Upstream {
  streamUrl: string;
  username: string | null;
  password: string | null;
}

export class UpstreamError extends Error {
  constructor(
    message: string,
    readonly kind: 'refused' | 'timeout' | 'http' | 'too_large' | 'network',
  ) {
    super(message);
    this.name = 'UpstreamError';
  }
}

export const PLAYLIST_MAX_BYTES = 512 * 1024;
export const SEGMENT_MAX_BYTES = 64 * 1024 * 1024;

/** The upstream's entry URL without credentials, plus the credentials to send as a header. */
export function splitCredentials(upstream: Upstream): { url: string; authorization: string | null } {
  if (isDemoUrl(upstream.streamUrl)) return { url: upstream.streamUrl, authorization: null };
  const url = new URL(upstream.streamUrl);
  const user = upstream.username ?? (url.username ? decodeURIComponent(url.username) : null);
  const pass = upstream.password ?? (url.password ? decodeURIComponent(url.password) : '');
  url.username = '';
  url.password = '';
  return { url: url.href, authorization: user ? `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}` : null };
}

/**
 * Only URLs on the camera's own upstream origin may be fetched for it, so a forged or
 * rewritten playlist cannot turn the proxy into a way to reach other hosts.
 */
export function isDerivedFrom(upstream: Upstream, target: string): boolean {
  const entry = splitCredentials(upstream).url;
  if (isDemoUrl(entry)) return isDemoUrl(target) && new URL(target.replace(/^demo:/, 'http:')).host === new URL(entry.replace(/^demo:/, 'http:')).host;
  try {
    const a = new URL(entry);
    const b = new URL(target);
    return (b.protocol === 'http:' || b.protocol === 'https:') && a.origin === b.origin && !b.username && !b.password;
  } catch {
    return false;
  }
}

/** GETs a URL derived from the camera's upstream, with its credentials and a time limit. */
export async function fetchUpstream(upstream: Upstream, target: string, timeoutMs: number, signal?: AbortSignal): Promise<Response> {
  if (!isDerivedFrom(upstream, target)) throw new UpstreamError('URL is not on the camera’s upstream', 'refused');
  const { authorization } = splitCredentials(upstream);
  const signals = [AbortSignal.timeout(timeoutMs), ...(signal ? [signal] : [])];
  let res: Response;
  try {
    res = isDemoUrl(target) ? await fetchDemo(target) : await fetch(target, {
      headers: authorization ? { Authorization: authorization } : {},
      redirect: 'error',
      signal: AbortSignal.any(signals),
    });
  } catch (err) {
    const name = (err as Error).name;
    if (name === 'TimeoutError') throw new UpstreamError(`upstream timed out after ${timeoutMs} ms`, 'timeout');
    throw new UpstreamError(`upstream unreachable: ${(err as Error).message}`, 'network');
  }
  if (!res.ok) {
    await res.body?.cancel();
    throw new UpstreamError(`upstream answered HTTP ${res.status}`, 'http');
  }
  return res;
}

/** Reads a playlist body, refusing anything larger than `max` bytes without buffering it all. */
export async function readLimitedText(res: Response, max = PLAYLIST_MAX_BYTES): Promise<string> {
  const declared = Number(res.headers.get('content-length'));
  if (declared > max) {
    await res.body?.cancel();
    throw new UpstreamError(`playlist larger than ${max} bytes`, 'too_large');
  }
  if (!res.body) return '';
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > max) {
      await reader.cancel();
      throw new UpstreamError(`playlist larger than ${max} bytes`, 'too_large');
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Passes a segment body through, cutting it off past `max` bytes. */
export function limitStream(body: ReadableStream<Uint8Array>, max = SEGMENT_MAX_BYTES): ReadableStream<Uint8Array> {
  let total = 0;
  return body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        total += chunk.byteLength;
        if (total > max) controller.error(new UpstreamError(`segment larger than ${max} bytes`, 'too_large'));
        else controller.enqueue(chunk);
      },
    }),
  );
}

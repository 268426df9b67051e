import 'server-only';
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { Readable } from 'node:stream';
import { parseAddressList, type AddressList } from '@/lib/net/address-list';
import { allowedAddresses, NetworkNotAllowedError } from '@/lib/video/camera-networks';
import { fetchDemo, isDemoUrl } from '@/lib/video/demo-source';
import { getSettings } from '@/lib/settings';

/** A camera's upstream as the server sees it; never sent to a browser. */
export interface Upstream {
  streamUrl: string;
  username: string | null;
  password: string | null;
}

/**
 * Why an upstream could not be used. `message` is for administrators (it is kept in the
 * camera's status); browsers and other users only ever see the kind.
 */
export type UpstreamErrorKind = 'refused' | 'not_allowed' | 'timeout' | 'http' | 'too_large' | 'unreachable' | 'bad_media';

export class UpstreamError extends Error {
  constructor(
    message: string,
    readonly kind: UpstreamErrorKind,
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

let networks: AddressList | undefined;
function cameraNetworks(): AddressList {
  networks ??= parseAddressList(getSettings().CAMERA_NETWORKS);
  return networks;
}

/**
 * Checks that a camera URL's host is one cameras may use (demo feeds always are); a reason code
 * for the administrator who entered it when it is not: `host_not_allowed` (outside
 * CAMERA_NETWORKS, or the server itself) or `host_unresolvable`. Codes, not resolver text: what
 * answers at an address is not for the browser.
 */
export async function checkCameraHost(streamUrl: string): Promise<'host_not_allowed' | 'host_unresolvable' | null> {
  if (isDemoUrl(streamUrl)) return null;
  try {
    await allowedAddresses(cameraNetworks(), new URL(streamUrl).hostname);
    return null;
  } catch (err) {
    if (err instanceof NetworkNotAllowedError) return 'host_not_allowed';
    return 'host_unresolvable';
  }
}

/** DNS for upstream requests: only addresses on the allowed networks are connected to. */
const allowedLookup: LookupFunction = (hostname, options, callback) => {
  allowedAddresses(cameraNetworks(), hostname).then(
    (addresses) => {
      if (options.all) (callback as (err: null, addresses: { address: string; family: number }[]) => void)(null, addresses);
      else callback(null, addresses[0]!.address, addresses[0]!.family);
    },
    (err: Error) => callback(err as NodeJS.ErrnoException, '', 0),
  );
};

/**
 * Refuses a URL that is not on the camera's own upstream origin, or whose host is not on
 * CAMERA_NETWORKS (checked for every fetch here, and before a segment is handed to nginx).
 */
export async function checkUpstreamTarget(upstream: Upstream, target: string): Promise<void> {
  if (!isDerivedFrom(upstream, target)) throw new UpstreamError('URL is not on the camera’s upstream', 'refused');
  if (isDemoUrl(target)) return;
  try {
    // IP literals never reach the lookup hook: check them here.
    await allowedAddresses(cameraNetworks(), new URL(target).hostname);
  } catch (err) {
    if (err instanceof NetworkNotAllowedError) throw new UpstreamError(err.message, 'not_allowed');
    throw new UpstreamError('upstream host could not be resolved', 'unreachable');
  }
}

/**
 * GETs a URL derived from the camera's upstream, with its credentials. One deadline covers the
 * whole exchange, headers and body: an upstream that answers a few bytes at a time is cut off
 * like one that never answers. Redirects are refused (they could lead anywhere).
 */
export async function fetchUpstream(upstream: Upstream, target: string, timeoutMs: number, signal?: AbortSignal): Promise<Response> {
  await checkUpstreamTarget(upstream, target);
  const deadline = AbortSignal.timeout(timeoutMs);
  const abort = signal ? AbortSignal.any([deadline, signal]) : deadline;
  if (isDemoUrl(target)) {
    const res = await fetchDemo(target);
    if (!res.ok) throw new UpstreamError(`upstream answered HTTP ${res.status}`, 'http');
    return res;
  }
  const url = new URL(target);
  const { authorization } = splitCredentials(upstream);
  return new Promise<Response>((resolve, reject) => {
    const client = url.protocol === 'https:' ? https : http;
    const req = client.request(url, {
      method: 'GET',
      headers: { ...(authorization ? { Authorization: authorization } : {}), 'User-Agent': 'Vigil', Accept: '*/*' },
      // Every name is resolved through the check, so a name that later resolves to the server
      // itself (DNS rebinding) is refused as well.
      lookup: allowedLookup,
      signal: abort,
    });
    const fail = (err: Error) => {
      if (deadline.aborted) reject(new UpstreamError(`upstream did not answer within ${timeoutMs} ms`, 'timeout'));
      else if (err instanceof NetworkNotAllowedError || (err as { cause?: unknown }).cause instanceof NetworkNotAllowedError) reject(new UpstreamError(err.message, 'not_allowed'));
      else if (abort.aborted) reject(new UpstreamError('request cancelled', 'unreachable'));
      // One reason whatever the socket said: refused, reset or closed would tell open ports from closed ones.
      else reject(new UpstreamError('upstream unreachable', 'unreachable'));
    };
    req.once('error', fail);
    req.once('response', (res) => {
      const status = res.statusCode ?? 0;
      if (status < 200 || status >= 300) {
        res.resume();
        req.destroy();
        reject(new UpstreamError(status >= 300 && status < 400 ? `upstream redirected (HTTP ${status}); redirects are not followed` : `upstream answered HTTP ${status}`, 'http'));
        return;
      }
      const headers = new Headers();
      for (const [name, value] of Object.entries(res.headers)) if (typeof value === 'string') headers.set(name, value);
      // The body keeps the same deadline: reading it fails once time is up.
      res.once('error', () => undefined);
      const response = new Response(Readable.toWeb(res) as ReadableStream<Uint8Array>, { status: 200, headers });
      deadlines.set(response, deadline);
      resolve(response);
    });
    req.end();
  });
}

/** Each upstream response's deadline, so a failed body read can tell a timeout from a drop. */
const deadlines = new WeakMap<Response, AbortSignal>();

/** A body read that failed: past the deadline it is a timeout, otherwise the upstream went away. */
function readFailure(err: unknown, res: Response): UpstreamError {
  if (err instanceof UpstreamError) return err;
  const name = (err as Error | null)?.name;
  return deadlines.get(res)?.aborted || name === 'TimeoutError'
    ? new UpstreamError('upstream did not finish sending within its deadline', 'timeout')
    : new UpstreamError('upstream connection failed while sending', 'unreachable');
}

/** Reads a body, refusing anything larger than `max` bytes without buffering it all. */
export async function readLimited(res: Response, max: number, what: string): Promise<Buffer> {
  const declared = Number(res.headers.get('content-length'));
  if (declared > max) {
    await res.body?.cancel().catch(() => undefined);
    throw new UpstreamError(`${what} larger than ${max} bytes`, 'too_large');
  }
  if (!res.body) return Buffer.alloc(0);
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > max) {
        await reader.cancel().catch(() => undefined);
        throw new UpstreamError(`${what} larger than ${max} bytes`, 'too_large');
      }
      chunks.push(value);
    }
  } catch (err) {
    await reader.cancel().catch(() => undefined);
    throw readFailure(err, res);
  }
  return Buffer.concat(chunks, total);
}

/** Reads a playlist body (UTF-8), refusing anything larger than `max` bytes. */
export async function readLimitedText(res: Response, max = PLAYLIST_MAX_BYTES): Promise<string> {
  return (await readLimited(res, max, 'playlist')).toString('utf8');
}

/** Reads the first `bytes` of a body and lets the rest go (enough to tell a media format). */
export async function readHead(res: Response, bytes: number): Promise<Buffer> {
  if (!res.body) return Buffer.alloc(0);
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    while (total < bytes) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      total += value.byteLength;
    }
  } catch (err) {
    throw readFailure(err, res);
  } finally {
    await reader.cancel().catch(() => undefined);
  }
  return Buffer.concat(chunks, total).subarray(0, bytes);
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

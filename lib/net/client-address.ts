import 'server-only';
import { isIP } from 'node:net';
import { parseAddressList, type AddressList } from '@/lib/net/address-list';
import { getSettings } from '@/lib/settings';

// Who is on the other end of a request, for the audit log and sign-in throttling. Vigil's own
// HTTP server (scripts/server.mjs) writes the connection's address into PEER_HEADER, replacing
// whatever a client sent; X-Forwarded-For is believed only when that connection comes from a
// reverse proxy named in TRUSTED_PROXIES, and then read from the right, skipping those proxies.

export const PEER_HEADER = 'x-vigil-peer';
/** Set by scripts/server.mjs in this process: PEER_HEADER comes from it, not from a client. */
const SERVER_FLAG = Symbol.for('vigil.peer-header');

let trusted: AddressList | null | undefined;
function trustedProxies(): AddressList | null {
  if (trusted === undefined) {
    const list = getSettings().TRUSTED_PROXIES;
    trusted = list.length > 0 ? parseAddressList(list) : null;
  }
  return trusted;
}

/** ::ffff:10.0.0.1 → 10.0.0.1; anything that is not an IP address → null. */
function normalise(address: string | null | undefined): string | null {
  const a = address?.trim().replace(/^\[|\]$/g, '') ?? '';
  if (!isIP(a)) return null;
  return /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(a)?.[1] ?? a;
}

/** The client's address, or null when it cannot be known (no Vigil server in front, e.g. `next dev`). */
export function clientAddress(headers: Headers | Record<string, unknown> | undefined): string | null {
  const get = (name: string): string | null => {
    if (!headers) return null;
    if (headers instanceof Headers) return headers.get(name);
    const v = headers[name];
    return typeof v === 'string' ? v : Array.isArray(v) && typeof v[0] === 'string' ? v[0] : null;
  };
  if (!(globalThis as Record<symbol, unknown>)[SERVER_FLAG]) return null;
  const peer = normalise(get(PEER_HEADER));
  const proxies = trustedProxies();
  if (!peer || !proxies || !proxies.allows(peer)) return peer;
  const chain = (get('x-forwarded-for') ?? '').split(',').map(normalise);
  for (let i = chain.length - 1; i >= 0; i--) {
    const hop = chain[i];
    if (!hop) return peer; // a malformed entry: believe nothing beyond it
    if (!proxies.allows(hop)) return hop;
  }
  return chain[0] ?? peer;
}

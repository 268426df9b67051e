import 'server-only';
import { isIP } from 'node:net';
import { lookup } from 'node:dns/promises';
import type { AddressList } from '@/lib/net/address-list';

// Cameras live on known networks (the camera VLAN, the restreamer's host). An upstream URL that
// resolves elsewhere is refused, so a camera record cannot be used to reach other services
// from the server. The list is a setting (CAMERA_NETWORKS); empty allows any address.

export class NetworkNotAllowedError extends Error {
  constructor(readonly host: string, readonly addresses: string[], allowed: string) {
    super(`${host} (${addresses.join(', ') || 'no address'}) is outside the networks cameras may use (${allowed})`);
    this.name = 'NetworkNotAllowedError';
  }
}

/** Resolves a host and keeps the addresses the networks allow; throws when none is allowed. */
export async function allowedAddresses(networks: AddressList, host: string): Promise<{ address: string; family: number }[]> {
  const bare = host.replace(/^\[|\]$/g, '');
  const all = isIP(bare) ? [{ address: bare, family: isIP(bare) }] : await lookup(bare, { all: true, verbatim: true });
  const allowed = all.filter((a) => networks.allows(a.address));
  if (allowed.length === 0) throw new NetworkNotAllowedError(bare, all.map((a) => a.address), networks.describe());
  return allowed;
}

import 'server-only';
import { BlockList, isIP } from 'node:net';
import { networkInterfaces } from 'node:os';
import { lookup } from 'node:dns/promises';
import type { AddressList } from '@/lib/net/address-list';

// Cameras live on known networks (the camera VLAN, the restreamer's host). An upstream URL that
// resolves elsewhere is refused, so a camera record cannot be used to reach other services
// from the server. The list is a setting (CAMERA_NETWORKS); empty allows any address except
// the server's own (loopback, link-local, its interfaces' addresses): those only when listed.

export class NetworkNotAllowedError extends Error {
  constructor(readonly host: string, readonly addresses: string[], allowed: string) {
    super(`${host} (${addresses.join(', ') || 'no address'}) is outside the networks cameras may use (${allowed})`);
    this.name = 'NetworkNotAllowedError';
  }
}

/** Loopback, link-local and "this host" ranges of both families: never a camera's, unless listed. */
const LOCAL = new BlockList();
LOCAL.addSubnet('127.0.0.0', 8, 'ipv4');
LOCAL.addSubnet('169.254.0.0', 16, 'ipv4');
LOCAL.addSubnet('0.0.0.0', 8, 'ipv4');
LOCAL.addAddress('::1', 'ipv6');
LOCAL.addAddress('::', 'ipv6');
LOCAL.addSubnet('fe80::', 10, 'ipv6');
// IPv6 forms that carry an IPv4 address inside (IPv4-compatible, NAT64): not a camera's.
LOCAL.addSubnet('::', 96, 'ipv6');
LOCAL.addSubnet('64:ff9b::', 96, 'ipv6');

/**
 * The addresses of this machine's interfaces (read once: they are what a camera URL must not
 * reach), as a BlockList so every spelling of one matches (::ffff:c000:202 is 192.0.2.2).
 */
let own: BlockList | undefined;
function ownAddresses(): BlockList {
  if (own) return own;
  own = new BlockList();
  for (const list of Object.values(networkInterfaces())) {
    for (const i of list ?? []) own.addAddress(i.address.replace(/%.*$/, ''), i.family === 'IPv6' ? 'ipv6' : 'ipv4');
  }
  return own;
}

/** Is this address the server itself (loopback, link-local, unspecified, one of its interfaces), in any spelling? */
export function isServerAddress(address: string): boolean {
  const ip = address.toLowerCase().replace(/%.*$/, '');
  const family = isIP(ip);
  if (!family) return false;
  const type = family === 6 ? 'ipv6' : 'ipv4';
  return LOCAL.check(ip, type) || ownAddresses().check(ip, type);
}

/** May a camera upstream connect to this address? Listed networks decide; the server's own only when listed. */
export function cameraMayUse(networks: AddressList, address: string): boolean {
  if (isServerAddress(address)) return !networks.any && networks.allows(address);
  return networks.allows(address);
}

/** Resolves a host and keeps the addresses cameras may use; throws when none is allowed. */
export async function allowedAddresses(networks: AddressList, host: string): Promise<{ address: string; family: number }[]> {
  const bare = host.replace(/^\[|\]$/g, '');
  const all = isIP(bare) ? [{ address: bare, family: isIP(bare) }] : await lookup(bare, { all: true, verbatim: true });
  const allowed = all.filter((a) => cameraMayUse(networks, a.address));
  if (allowed.length === 0) throw new NetworkNotAllowedError(bare, all.map((a) => a.address), networks.any ? 'any address but the server’s own' : networks.describe());
  return allowed;
}

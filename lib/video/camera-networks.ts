import 'server-only';
import { BlockList, isIP } from 'node:net';
import { lookup } from 'node:dns/promises';

// Cameras live on known networks (the camera VLAN, the restreamer's host). An upstream URL that
// resolves elsewhere is refused, so a camera record cannot be used to reach other services
// from the server. The list is a setting (CAMERA_NETWORKS); empty allows any address.

export interface CameraNetworks {
  /** Whether any address is allowed (no list configured). */
  any: boolean;
  allows(address: string): boolean;
  describe(): string;
}

/** Parses `10.0.0.0/8, 192.168.1.20, fd00::/8` into a checker; throws with the bad entry. */
export function parseCameraNetworks(list: string[]): CameraNetworks {
  if (list.length === 0) return { any: true, allows: () => true, describe: () => 'any address' };
  const blocks = new BlockList();
  for (const entry of list) {
    const [address, prefix] = entry.split('/');
    const family = isIP(address ?? '');
    if (!family) throw new Error(`not an IP address or network: ${entry}`);
    const type = family === 6 ? 'ipv6' : 'ipv4';
    if (prefix === undefined) blocks.addAddress(address!, type);
    else {
      const bits = Number(prefix);
      if (!Number.isInteger(bits) || bits < 0 || bits > (family === 6 ? 128 : 32)) throw new Error(`bad prefix length in ${entry}`);
      blocks.addSubnet(address!, bits, type);
    }
  }
  return {
    any: false,
    allows: (addr) => {
      const family = isIP(addr);
      if (!family) return false;
      // An IPv4 address seen as IPv4-mapped IPv6 (::ffff:10.0.0.1) is checked as IPv4.
      const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(addr)?.[1];
      return mapped ? blocks.check(mapped, 'ipv4') : blocks.check(addr, family === 6 ? 'ipv6' : 'ipv4');
    },
    describe: () => list.join(', '),
  };
}

export class NetworkNotAllowedError extends Error {
  constructor(readonly host: string, readonly addresses: string[], allowed: string) {
    super(`${host} (${addresses.join(', ') || 'no address'}) is outside the networks cameras may use (${allowed})`);
    this.name = 'NetworkNotAllowedError';
  }
}

/** Resolves a host and keeps the addresses the networks allow; throws when none is allowed. */
export async function allowedAddresses(networks: CameraNetworks, host: string): Promise<{ address: string; family: number }[]> {
  const bare = host.replace(/^\[|\]$/g, '');
  const all = isIP(bare) ? [{ address: bare, family: isIP(bare) }] : await lookup(bare, { all: true, verbatim: true });
  const allowed = all.filter((a) => networks.allows(a.address));
  if (allowed.length === 0) throw new NetworkNotAllowedError(bare, all.map((a) => a.address), networks.describe());
  return allowed;
}

import { BlockList, isIP } from 'node:net';

// Lists of addresses and CIDR ranges from settings: the networks cameras may live on, the
// reverse proxies whose forwarding headers are believed.

export interface AddressList {
  /** Whether any address is allowed (no list configured). */
  any: boolean;
  allows(address: string): boolean;
  describe(): string;
}

/** Parses `10.0.0.0/8, 192.168.1.20, fd00::/8` into a checker; throws with the bad entry. Empty allows any address. */
export function parseAddressList(list: string[]): AddressList {
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

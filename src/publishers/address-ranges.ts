import { isIPv4, isIPv6 } from 'node:net';

/**
 * Which IP addresses Herald refuses to fetch user-given URLs from: anything that is not a public
 * unicast address, so a post's media URL or a webhook cannot reach the host itself, the private
 * network around it, or a cloud metadata service.
 */

/** Why an address is not public. */
type NonPublicReason =
  | 'loopback'
  | 'unspecified'
  | 'private'
  | 'link-local'
  | 'carrier-grade NAT'
  | 'multicast'
  | 'reserved';

/** How the low bits of an IPv6 range carry an IPv4 address, which then decides. */
type Embeds = { embedsV4At: number };

const V4_RANGES: readonly (readonly [string, number, NonPublicReason])[] = [
  ['0.0.0.0', 8, 'unspecified'],
  ['10.0.0.0', 8, 'private'],
  ['100.64.0.0', 10, 'carrier-grade NAT'],
  ['127.0.0.0', 8, 'loopback'],
  ['169.254.0.0', 16, 'link-local'],
  ['172.16.0.0', 12, 'private'],
  ['192.0.0.0', 24, 'reserved'],
  ['192.0.2.0', 24, 'reserved'],
  ['192.88.99.0', 24, 'reserved'],
  ['192.168.0.0', 16, 'private'],
  ['198.18.0.0', 15, 'reserved'],
  ['198.51.100.0', 24, 'reserved'],
  ['203.0.113.0', 24, 'reserved'],
  ['224.0.0.0', 4, 'multicast'],
  ['240.0.0.0', 4, 'reserved'],
];

// Order matters: the first match decides, so exact addresses come before the ranges holding them.
const V6_RANGES: readonly (readonly [string, number, NonPublicReason | Embeds])[] = [
  ['::', 128, 'unspecified'],
  ['::1', 128, 'loopback'],
  // IPv4-mapped (::ffff:a.b.c.d) reaches the IPv4 host on a dual-stack socket.
  ['::ffff:0:0', 96, { embedsV4At: 0 }],
  // NAT64 translates to the embedded IPv4 address.
  ['64:ff9b::', 96, { embedsV4At: 0 }],
  ['64:ff9b:1::', 48, 'private'],
  // 6to4 carries the IPv4 address in bits 16–47.
  ['2002::', 16, { embedsV4At: 80 }],
  ['2001:db8::', 32, 'reserved'],
  ['fc00::', 7, 'private'],
  ['fe80::', 10, 'link-local'],
  ['fec0::', 10, 'private'],
  ['ff00::', 8, 'multicast'],
];

/** Only 2000::/3 is allocated for global unicast; everything else is reserved. */
const GLOBAL_UNICAST: readonly [bigint, number] = [0x2n << 124n, 3];

/** The reason `address` is not public, or null when it is a public unicast address. Fails closed. */
export function classifyAddress(address: string): NonPublicReason | null {
  const bare = address.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  if (isIPv4(bare)) return classifyV4(v4ToNumber(bare));
  if (isIPv6(bare)) return classifyV6(v6ToBigInt(bare));
  return 'reserved';
}

function classifyV4(ip: number): NonPublicReason | null {
  for (const [network, bits, reason] of V4_RANGES) {
    const shift = 32 - bits;
    if (ip >>> shift === v4ToNumber(network) >>> shift) return reason;
  }
  return null;
}

function classifyV6(ip: bigint): NonPublicReason | null {
  for (const [network, bits, rule] of V6_RANGES) {
    if (!inPrefix(ip, v6ToBigInt(network), bits)) continue;
    if (typeof rule === 'string') return rule;
    return classifyV4(Number((ip >> BigInt(rule.embedsV4At)) & 0xffffffffn));
  }
  return inPrefix(ip, GLOBAL_UNICAST[0], GLOBAL_UNICAST[1]) ? null : 'reserved';
}

function inPrefix(ip: bigint, network: bigint, bits: number): boolean {
  const shift = BigInt(128 - bits);
  return ip >> shift === network >> shift;
}

function v4ToNumber(address: string): number {
  return address.split('.').reduce((n, octet) => n * 256 + Number(octet), 0);
}

/** Parses a valid IPv6 address (`::` shorthand and a trailing dotted IPv4 included) to 128 bits. */
function v6ToBigInt(address: string): bigint {
  let text = address.toLowerCase();
  const dotted = text.match(/(\d+\.\d+\.\d+\.\d+)$/);
  if (dotted) {
    const v4 = v4ToNumber(dotted[1]!);
    text = `${text.slice(0, -dotted[1]!.length)}${(v4 >>> 16).toString(16)}:${(v4 & 0xffff).toString(16)}`;
  }
  const [head = '', tail] = text.split('::');
  const headGroups = head === '' ? [] : head.split(':');
  const tailGroups = tail === undefined || tail === '' ? [] : tail.split(':');
  const fill = Array<string>(8 - headGroups.length - tailGroups.length).fill('0');
  return [...headGroups, ...fill, ...tailGroups].reduce((n, group) => (n << 16n) | BigInt(`0x${group}`), 0n);
}

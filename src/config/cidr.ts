// CIDR arithmetic on top of ip-address: parsing, containment, overlap and the subnet layout.
import { Address4, Address6 } from 'ip-address';

/** A parsed CIDR block. */
export interface Cidr {
  readonly version: 4 | 6;
  /** Canonical text, e.g. `10.0.0.0/16`. */
  readonly text: string;
  readonly prefixLength: number;
  readonly address: Address4 | Address6;
}

/**
 * Parses `a.b.c.d/n` (or an IPv6 block) and returns it, or a message that says what is wrong and what the
 * canonical form is. A block with host bits set (`10.0.0.1/16`) is refused because AWS refuses it too.
 */
export function parseCidr(value: string, version: 4 | 6 | 'any' = 4): Cidr | string {
  const example = version === 6 ? '2001:db8::/56' : '10.0.0.0/16';
  if (!value.includes('/')) return `not a CIDR block (no "/prefix"). Fix: write it as ${example}.`;
  const isV6 = value.includes(':');
  if (version === 4 && isV6) return `an IPv6 block where an IPv4 block is needed. Fix: use an IPv4 block such as ${example}.`;
  if (version === 6 && !isV6) return `an IPv4 block where an IPv6 block is needed. Fix: use an IPv6 block such as ${example}.`;
  const valid = isV6 ? Address6.isValid(value) : Address4.isValid(value);
  // ip-address accepts a mask of /0 written as "/00" and leading zeros in octets; AWS does not.
  if (!valid || !/\/(0|[1-9]\d{0,2})$/.test(value) || (!isV6 && /(^|\.)0\d/.test(value))) {
    return `not a valid ${isV6 ? 'IPv6' : 'IPv4'} CIDR block. Fix: write it as ${isV6 ? '2001:db8::/56' : '10.0.0.0/16'}.`;
  }
  const address = isV6 ? new Address6(value) : new Address4(value);
  const canonical = canonicalText(address);
  const written = isV6 ? `${new Address6(value).correctForm()}/${address.subnetMask}` : value;
  if (canonical !== written) {
    return `has host bits set, so it is not the start of its block. Fix: use "${canonical}".`;
  }
  return { version: isV6 ? 6 : 4, text: canonical, prefixLength: address.subnetMask, address };
}

function canonicalText(address: Address4 | Address6): string {
  return `${address.startAddress().correctForm()}/${address.subnetMask}`;
}

/** Whether `inner` lies entirely inside `outer`. */
export function contains(outer: Cidr, inner: Cidr): boolean {
  if (outer.version !== inner.version) return false;
  return inner.prefixLength >= outer.prefixLength && sameFamilyIsInSubnet(inner.address, outer.address);
}

/** Whether two blocks share at least one address. Aligned blocks overlap only if one contains the other. */
export function overlaps(a: Cidr, b: Cidr): boolean {
  return contains(a, b) || contains(b, a);
}

function sameFamilyIsInSubnet(inner: Address4 | Address6, outer: Address4 | Address6): boolean {
  if (inner instanceof Address4 && outer instanceof Address4) return inner.isInSubnet(outer);
  if (inner instanceof Address6 && outer instanceof Address6) return inner.isInSubnet(outer);
  return false;
}

/** The `index`-th block of size `/prefixLength` inside `parent` (Terraform's `cidrsubnet` for IPv4). */
export function nthSubnet(parent: Cidr, prefixLength: number, index: number): string {
  if (parent.version !== 4) throw new Error('nthSubnet supports IPv4 only');
  const size = 1n << BigInt(32 - prefixLength);
  const start = (parent.address as Address4).startAddress().bigInt() + size * BigInt(index);
  return `${Address4.fromBigInt(start).correctForm()}/${prefixLength}`;
}

/** How many blocks of size `/prefixLength` fit into `parent`. */
export function subnetCapacity(parent: Cidr, prefixLength: number): number {
  return prefixLength < parent.prefixLength ? 0 : 2 ** (prefixLength - parent.prefixLength);
}

/** Whether a block admits every address of its family (`0.0.0.0/0`, `::/0`). */
export function isWholeInternet(cidr: Cidr): boolean {
  return cidr.prefixLength === 0;
}

/** Documentation ranges (RFC 5737, RFC 3849): fine as examples, unreachable in practice. */
const DOCUMENTATION_RANGES = ['192.0.2.0/24', '198.51.100.0/24', '203.0.113.0/24', '2001:db8::/32'].map((text) => {
  const parsed = parseCidr(text, 'any');
  if (typeof parsed === 'string') throw new Error(`bad documentation range ${text}`);
  return parsed;
});

/** Whether a block lies in an address range reserved for documentation, i.e. is still an example value. */
export function isDocumentationRange(cidr: Cidr): boolean {
  return DOCUMENTATION_RANGES.some((range) => contains(range, cidr));
}

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

/** What to suggest when a value cannot be read: the prefix length the setting usually has, and an example. */
export interface CidrHint {
  /** Added to an address written without one, and used when the one written is out of range. */
  readonly prefixLength: number;
  /** Shown when nothing better can be guessed from the value. */
  readonly example: string;
}

const DEFAULT_HINTS: Readonly<Record<4 | 6, CidrHint>> = {
  4: { prefixLength: 16, example: '10.0.0.0/16' },
  6: { prefixLength: 56, example: '2001:db8::/56' },
};

/**
 * Parses `a.b.c.d/n` (or an IPv6 block) and returns it, or a message that says what is wrong and what to write
 * instead: the value itself repaired when a repair is likely (`10.10.0/16` → `10.10.0.0/16`), `hint.example`
 * otherwise. A block with host bits set (`10.0.0.1/16`) is refused because AWS refuses it too.
 */
export function parseCidr(value: string, version: 4 | 6 | 'any' = 4, hint?: CidrHint): Cidr | string {
  const isV6 = value.includes(':');
  const family: 4 | 6 = version === 'any' ? (isV6 ? 6 : 4) : version;
  const { prefixLength: usualPrefix, example } = hint ?? DEFAULT_HINTS[family];
  const fix = () => {
    const guess = version === 4 && isV6 ? undefined : guessCidr(value, isV6, usualPrefix);
    return guess ? `Fix: write it as "${guess}".` : `Fix: write it as ${example}.`;
  };
  if (!value.includes('/')) return `not a CIDR block (no "/prefix"). ${fix()}`;
  if (version === 4 && isV6)
    return `an IPv6 block where an IPv4 block is needed. Fix: use an IPv4 block such as ${example}.`;
  if (version === 6 && !isV6)
    return `an IPv4 block where an IPv6 block is needed. Fix: use an IPv6 block such as ${example}.`;
  const valid = isV6 ? Address6.isValid(value) : Address4.isValid(value);
  // ip-address accepts a mask of /0 written as "/00" and leading zeros in octets; AWS does not.
  if (!valid || !/\/(0|[1-9]\d{0,2})$/.test(value) || (!isV6 && /(^|\.)0\d/.test(value))) {
    return `not a valid ${isV6 ? 'IPv6' : 'IPv4'} CIDR block. ${fix()}`;
  }
  const address = isV6 ? new Address6(value) : new Address4(value);
  const canonical = canonicalText(address);
  const written = isV6 ? `${new Address6(value).correctForm()}/${address.subnetMask}` : value;
  if (canonical !== written) {
    return `has host bits set, so it is not the start of its block. Fix: use "${canonical}".`;
  }
  return { version: isV6 ? 6 : 4, text: canonical, prefixLength: address.subnetMask, address };
}

/**
 * The block a malformed value most likely means, or undefined when there is no good guess: missing IPv4 octets
 * padded with ".0" (people drop trailing zeros, as in `10.10.0/16`), leading zeros dropped, a missing or
 * impossible prefix length replaced by the setting's usual one, host bits cleared.
 */
function guessCidr(value: string, isV6: boolean, usualPrefix: number): string | undefined {
  const parts = value.trim().split('/');
  if (parts.length > 2) return undefined;
  const [written, prefixText] = parts;
  const maxPrefix = isV6 ? 128 : 32;
  const prefix =
    prefixText !== undefined && /^\d{1,3}$/.test(prefixText) && Number(prefixText) <= maxPrefix
      ? Number(prefixText)
      : usualPrefix;
  let address: string;
  if (isV6) {
    if (!Address6.isValid(written)) return undefined;
    address = written;
  } else {
    const octets = written.split('.');
    if (octets.length > 4 || !octets.every((octet) => /^\d{1,3}$/.test(octet) && Number(octet) <= 255))
      return undefined;
    address = [...octets.map(Number), 0, 0, 0].slice(0, 4).join('.');
  }
  const text = `${address}/${prefix}`;
  if (isV6 ? !Address6.isValid(text) : !Address4.isValid(text)) return undefined;
  return canonicalText(isV6 ? new Address6(text) : new Address4(text));
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

/** The block of size `/prefixLength` that holds `cidr` (`10.0.0.32/27` in a /26 is `10.0.0.0/26`). */
export function enclosingBlock(cidr: Cidr, prefixLength: number): string {
  const address =
    cidr.version === 4
      ? new Address4(`${cidr.address.startAddress().correctForm()}/${prefixLength}`)
      : new Address6(`${cidr.address.startAddress().correctForm()}/${prefixLength}`);
  return canonicalText(address);
}

/** How many blocks of size `/prefixLength` fit into `parent`. */
export function subnetCapacity(parent: Cidr, prefixLength: number): number {
  return prefixLength < parent.prefixLength ? 0 : 2 ** (prefixLength - parent.prefixLength);
}

/** Whether a block admits every address of its family (`0.0.0.0/0`, `::/0`). */
export function isWholeInternet(cidr: Pick<Cidr, 'prefixLength'>): boolean {
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

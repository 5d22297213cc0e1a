import { lookup } from 'node:dns/promises';
import { isIPv4 } from 'node:net';
import { classifyAddress } from './address-ranges.js';

/**
 * Decides whether a user-given URL may be fetched, and where to connect: the host is resolved once
 * here and the connection goes to exactly these addresses, so a name cannot resolve to a public
 * address for the check and to an internal one for the connection.
 */

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/** Who may be fetched besides public addresses, and how names resolve. */
export interface FetchPolicy {
  /**
   * The operator's HERALD_FETCH_ALLOW: hosts (`name`, `name:port`, `10.0.0.5`, `[fd00::1]:8080`)
   * fetched even though they are not public — an intranet media host, or a test's local fake.
   */
  allow?: readonly string[];
  /** Name resolution; tests swap it to point a public-looking name at loopback. Default: the system resolver. */
  resolve?: (host: string) => Promise<readonly ResolvedAddress[]>;
}

const ALLOW_HINT = 'an operator can allow the host with HERALD_FETCH_ALLOW';

/** A URL Herald will not fetch; `reason` is safe to show (it names nothing the user did not give). */
export class UrlRefusedError extends Error {
  override name = 'UrlRefusedError';
  constructor(readonly reason: string) {
    super(reason);
  }
}

/** The addresses to connect to for `url`, each one vetted; throws UrlRefusedError. */
export async function vetUrl(url: URL, policy: FetchPolicy): Promise<readonly ResolvedAddress[]> {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UrlRefusedError(`only http and https URLs are fetched (not ${url.protocol})`);
  }
  const literal = literalAddress(url.hostname);
  const addresses = literal ? [literal] : await (policy.resolve ?? systemResolve)(url.hostname);
  if (addresses.length === 0) throw new Error(`${url.hostname} did not resolve to any address`);
  if (isAllowed(url, policy.allow ?? [])) return addresses;
  for (const { address } of addresses) {
    const reason = classifyAddress(address);
    if (!reason) continue;
    // Only a literal is echoed: the address a name resolves to inside the network is not the user's to learn.
    const which = literal ? `${address} is not allowed` : `${url.hostname} resolves to one`;
    throw new UrlRefusedError(`${reason} address (${which}; ${ALLOW_HINT})`);
  }
  return addresses;
}

/** True when `url`'s host (and port, when the entry names one) is on the allowlist. */
export function isAllowed(url: URL, allow: readonly string[]): boolean {
  const port = Number(url.port || (url.protocol === 'https:' ? 443 : 80));
  return allow.some((entry) => {
    const parsed = parseAllowEntry(entry);
    return parsed !== null && parsed.host === url.hostname && (parsed.port ?? port) === port;
  });
}

/**
 * One allowlist entry, its host normalised the way the URL parser normalises the URLs it is
 * compared with (so `2130706433` and `127.0.0.1` are one host). Null when it is not a host.
 */
export function parseAllowEntry(entry: string): { host: string; port?: number } | null {
  const match = entry.trim().match(/^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9._-]+)(?::(\d{1,5}))?$/);
  if (!match) return null;
  const port = match[2] === undefined ? undefined : Number(match[2]);
  if (port !== undefined && (port < 1 || port > 65535)) return null;
  try {
    const host = new URL(`http://${match[1]}/`).hostname;
    return port === undefined ? { host } : { host, port };
  } catch {
    return null;
  }
}

/** `scheme://host/path` without the query string, which may carry a signature or token. */
export function describeUrl(raw: string): string {
  try {
    const url = new URL(raw);
    return `${url.origin}${url.pathname}`;
  } catch {
    return 'an unreadable URL';
  }
}

function literalAddress(hostname: string): ResolvedAddress | null {
  if (hostname.startsWith('[')) return { address: hostname.slice(1, -1), family: 6 };
  return isIPv4(hostname) ? { address: hostname, family: 4 } : null;
}

async function systemResolve(host: string): Promise<readonly ResolvedAddress[]> {
  const found = await lookup(host, { all: true, verbatim: true });
  return found.map(({ address, family }) => ({ address, family: family === 6 ? 6 : 4 }));
}

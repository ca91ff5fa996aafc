import { type BlockList, isIP } from 'node:net';

/** Hops of X-Forwarded-For read from its right end; a longer chain is no real proxy setup. */
const MAX_HOPS = 16;

/** `::ffff:1.2.3.4` (IPv4 on a dual-stack socket) as the IPv4 address it is. */
function plain(address: string): string {
  return address.startsWith('::ffff:') && isIP(address.slice(7)) === 4 ? address.slice(7) : address;
}

function trusts(proxies: BlockList, address: string): boolean {
  const family = isIP(address);
  return family !== 0 && proxies.check(address, family === 6 ? 'ipv6' : 'ipv4');
}

/**
 * The client's address, which rate limits count by: the peer's, unless the peer is one of
 * `proxies`; then X-Forwarded-For is read from the right (each proxy appends the address it
 * heard from), skipping trusted proxies, and the first hop no trusted proxy added is the
 * client. Hops further left were written by the client itself and are never believed.
 */
export function clientAddressOf(
  peer: string | undefined,
  forwardedFor: string | string[] | undefined,
  proxies: BlockList,
): string {
  let address = plain(peer ?? 'unknown');
  if (!forwardedFor || !trusts(proxies, address)) return address;
  const header = Array.isArray(forwardedFor) ? forwardedFor.join(',') : forwardedFor;
  const hops = header.split(',').slice(-MAX_HOPS);
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = plain((hops[i] as string).trim());
    if (!isIP(hop)) break;
    address = hop;
    if (!trusts(proxies, hop)) break;
  }
  return address;
}

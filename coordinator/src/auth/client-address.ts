import type { IncomingHttpHeaders } from 'node:http';
import { BlockList, isIP } from 'node:net';

/**
 * Which proxies in front of the coordinator may say who the client is (`TRUST_PROXY`):
 * none (the socket's address is the client's), the number of proxies every request passes
 * through, or their addresses (single addresses or CIDR ranges, `loopback` for this host).
 */
export type TrustProxy =
	{ kind: 'none' } | { kind: 'hops'; hops: number } | { kind: 'addresses'; addresses: string[] };

const maxHops = 16;
// An X-Forwarded-For entry is an address, perhaps with a port; anything longer is junk.
const maxEntryLength = 64;

/**
 * Reads `TRUST_PROXY`: unset, empty, `false` or `0` trusts nobody; a whole number is that
 * many proxies; otherwise a comma-separated list of addresses and CIDR ranges.
 * @throws RangeError naming the rule a value breaks (`true` among them: it would let any
 *   client choose its own address)
 */
export function parseTrustProxy(raw: string | undefined): TrustProxy {
	const value = raw?.trim().toLowerCase() ?? '';
	if (value === '' || value === 'false' || value === '0') return { kind: 'none' };
	if (value === 'true') {
		throw new RangeError(
			'TRUST_PROXY=true would let any client choose its own address: give the number of proxies in front of the coordinator, or their addresses'
		);
	}
	if (/^\d+$/.test(value)) {
		const hops = Number(value);
		if (hops > maxHops) throw new RangeError(`TRUST_PROXY must be at most ${maxHops} proxies`);
		return { kind: 'hops', hops };
	}
	const addresses = value.split(',').map((entry) => entry.trim());
	for (const entry of addresses) addToBlockList(new BlockList(), entry);
	return { kind: 'addresses', addresses };
}

function addToBlockList(list: BlockList, entry: string) {
	if (entry === 'loopback') {
		list.addSubnet('127.0.0.0', 8, 'ipv4');
		list.addAddress('::1', 'ipv6');
		return;
	}
	const [address = '', prefix, ...rest] = entry.split('/');
	const family = isIP(address);
	const bits = Number(prefix);
	const badPrefix =
		prefix !== undefined && !(/^\d{1,3}$/.test(prefix) && bits <= (family === 6 ? 128 : 32));
	if (!family || rest.length || badPrefix) {
		throw new RangeError(
			`TRUST_PROXY entry '${entry}' is not an address, a CIDR range or 'loopback'`
		);
	}
	const type = family === 6 ? 'ipv6' : 'ipv4';
	if (prefix === undefined) list.addAddress(address, type);
	else list.addSubnet(address, bits, type);
}

/** `::ffff:192.0.2.1` → `192.0.2.1`; `[2001:db8::1]:443` and `192.0.2.1:80` lose their port. */
function normalizeAddress(entry: string): string {
	let address = entry.trim().slice(0, maxEntryLength);
	const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(address);
	if (bracketed) address = bracketed[1]!;
	else if (/^[\d.]+:\d+$/.test(address)) address = address.slice(0, address.lastIndexOf(':'));
	const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
	return mapped ? mapped[1]! : address;
}

/** What the resolver reads from a request. */
export interface AddressedRequest {
	socket: { remoteAddress?: string };
	headers: IncomingHttpHeaders;
}

/**
 * The client's address for a request: the socket's, or, behind trusted proxies, the
 * right-most X-Forwarded-For entry that a trusted proxy did not add. Entries further left
 * were written by whoever sent the request and are never believed.
 */
export function clientAddressResolver(trust: TrustProxy): (req: AddressedRequest) => string {
	if (trust.kind === 'none')
		return (req) => normalizeAddress(req.socket.remoteAddress ?? 'unknown');
	const trusted = new BlockList();
	if (trust.kind === 'addresses')
		for (const entry of trust.addresses) addToBlockList(trusted, entry);
	const isTrusted = (address: string) => {
		const family = isIP(address);
		return family !== 0 && trusted.check(address, family === 6 ? 'ipv6' : 'ipv4');
	};

	return (req) => {
		const header = req.headers['x-forwarded-for'];
		const forwarded = (Array.isArray(header) ? header.join(',') : (header ?? ''))
			.split(',')
			.filter((entry) => entry.trim() !== '');
		// Nearest first: the socket's peer, then what each proxy saw, right to left.
		const chain = [req.socket.remoteAddress ?? 'unknown', ...forwarded.reverse()].map(
			normalizeAddress
		);
		if (trust.kind === 'hops') return chain[Math.min(trust.hops, chain.length - 1)]!;
		let nearest = 0;
		while (nearest < chain.length - 1 && isTrusted(chain[nearest]!)) nearest++;
		return chain[nearest]!;
	};
}

import { describe, expect, it } from 'vitest';
import { clientAddressResolver, parseTrustProxy, type TrustProxy } from './client-address';

const request = (remoteAddress: string, forwardedFor?: string | string[]) => ({
	socket: { remoteAddress },
	headers: forwardedFor === undefined ? {} : { 'x-forwarded-for': forwardedFor }
});
const addressOf = (trust: TrustProxy, remoteAddress: string, forwardedFor?: string | string[]) =>
	clientAddressResolver(trust)(request(remoteAddress, forwardedFor));

describe('parseTrustProxy', () => {
	it.each([undefined, '', 'false', 'FALSE', '0'])('trusts nobody for %j', (raw) => {
		expect(parseTrustProxy(raw)).toEqual({ kind: 'none' });
	});

	it('reads a number of proxies and a list of addresses and ranges', () => {
		expect(parseTrustProxy('2')).toEqual({ kind: 'hops', hops: 2 });
		expect(parseTrustProxy(' 10.0.0.0/8, 192.0.2.1 ,loopback,2001:db8::/32')).toEqual({
			kind: 'addresses',
			addresses: ['10.0.0.0/8', '192.0.2.1', 'loopback', '2001:db8::/32']
		});
	});

	it('refuses true, which would let every client choose its address', () => {
		expect(() => parseTrustProxy('true')).toThrow(/any client choose its own address/);
	});

	it.each([
		'proxy.internal',
		'10.0.0.0/33',
		'10.0.0.1/8/1',
		'::1/129',
		'17',
		'10.0.0.1,',
		'10.0.0.0/',
		'10.0.0.0/-1'
	])('refuses %j, naming the rule', (raw) => {
		expect(() => parseTrustProxy(raw)).toThrow(RangeError);
	});
});

describe('hostile: who the client is', () => {
	const spoofed = '203.0.113.66';

	it('without TRUST_PROXY: the socket, whatever X-Forwarded-For claims', () => {
		const none = parseTrustProxy(undefined);
		expect(addressOf(none, '198.51.100.7', spoofed)).toBe('198.51.100.7');
		expect(addressOf(none, '::ffff:198.51.100.7')).toBe('198.51.100.7');
		expect(addressOf(none, '2001:db8::7', spoofed)).toBe('2001:db8::7');
	});

	it('behind one proxy: the entry that proxy added, not what the client wrote before it', () => {
		const one = parseTrustProxy('1');
		expect(addressOf(one, '10.0.0.2', '198.51.100.7')).toBe('198.51.100.7');
		expect(addressOf(one, '10.0.0.2', `${spoofed}, 198.51.100.7`)).toBe('198.51.100.7');
		expect(addressOf(one, '10.0.0.2', [spoofed, '198.51.100.7'])).toBe('198.51.100.7');
		// Nothing forwarded: the socket is all there is.
		expect(addressOf(one, '10.0.0.2')).toBe('10.0.0.2');
	});

	it('behind two proxies: the entry the outer one added', () => {
		const two = parseTrustProxy('2');
		expect(addressOf(two, '10.0.0.2', `${spoofed}, 198.51.100.7, 10.0.0.9`)).toBe('198.51.100.7');
		expect(addressOf(two, '10.0.0.2', '198.51.100.7')).toBe('198.51.100.7');
	});

	it('with proxy addresses: the right-most entry that is not a trusted proxy', () => {
		const listed = parseTrustProxy('10.0.0.0/8, loopback');
		expect(addressOf(listed, '127.0.0.1', `${spoofed}, 198.51.100.7, 10.1.2.3`)).toBe(
			'198.51.100.7'
		);
		expect(addressOf(listed, '::ffff:10.0.0.2', '198.51.100.7:5123')).toBe('198.51.100.7');
		expect(addressOf(listed, '::1', '[2001:db8::7]:443')).toBe('2001:db8::7');
		// A client reaching the coordinator directly is not believed.
		expect(addressOf(listed, '198.51.100.7', spoofed)).toBe('198.51.100.7');
		// Every hop trusted: the left-most is the best there is.
		expect(addressOf(listed, '10.0.0.2', '10.0.0.3')).toBe('10.0.0.3');
	});

	it('takes junk in X-Forwarded-For as the (untrusted) client, cut to a bounded key', () => {
		const listed = parseTrustProxy('10.0.0.0/8');
		expect(addressOf(listed, '10.0.0.2', 'not-an-address')).toBe('not-an-address');
		expect(addressOf(listed, '10.0.0.2', 'x'.repeat(10_000))).toHaveLength(64);
	});
});

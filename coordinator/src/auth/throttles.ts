import { isIP } from 'node:net';
import { AttemptThrottle, memoryCounters, type CounterStore } from './attempt-throttle';

const minutes = (count: number) => count * 60;

/**
 * Logins, per email at three levels:
 * - `addressAndEmail`: one address guessing one account gets 10 tries per 15 minutes. This
 *   is the limit a real user meets after mistyping, and it resets when they get in.
 * - `address`: one address across accounts (credential stuffing) gets 100 per 15 minutes,
 *   loose enough for an office behind one NAT.
 * - `email`: one account from anywhere gets 100 per hour, so that many addresses cannot
 *   guess without bound. It is charged only for attempts the two limits above let through,
 *   so one address can spend at most 10 of them per 15 minutes (20 per hour with the block):
 *   a flood from one address never locks the account for its owner elsewhere; it takes five
 *   or more addresses working together, which is the trade-off against unbounded guessing.
 */
export const loginLimits = {
	addressAndEmail: {
		points: 10,
		durationSeconds: minutes(15),
		blockSeconds: minutes(15),
		onSuccess: 'reset'
	},
	address: {
		points: 100,
		durationSeconds: minutes(15),
		blockSeconds: minutes(15),
		onSuccess: 'refund'
	},
	email: {
		points: 100,
		durationSeconds: minutes(60),
		blockSeconds: minutes(15),
		onSuccess: 'refund'
	}
} as const;

/**
 * Room passwords: one address gets 10 guesses per room per 15 minutes, and 100 across rooms.
 * No per-room limit: it would let one stranger lock the candidate out.
 */
export const roomPasswordLimits = {
	roomAndAddress: {
		points: 10,
		durationSeconds: minutes(15),
		blockSeconds: minutes(15),
		onSuccess: 'reset'
	},
	address: {
		points: 100,
		durationSeconds: minutes(15),
		blockSeconds: minutes(15),
		onSuccess: 'refund'
	}
} as const;

export type Throttles = ReturnType<typeof createThrottles>;

export function createThrottles(store: CounterStore = memoryCounters) {
	return {
		login: new AttemptThrottle(loginLimits, (name, limit) => store(`login:${name}`, limit)),
		roomPassword: new AttemptThrottle(roomPasswordLimits, (name, limit) =>
			store(`room-password:${name}`, limit)
		)
	};
}

/**
 * The part of an address one client controls: an IPv4 address, or the /64 of an IPv6 one
 * (a single host is usually handed a whole /64, so its other addresses are free to it).
 */
export function addressBlock(address: string): string {
	if (isIP(address) !== 6) return address;
	const [head = '', tail] = address.toLowerCase().split('::');
	const headGroups = head ? head.split(':') : [];
	const tailGroups = tail ? tail.split(':') : [];
	const groups =
		tail === undefined
			? headGroups
			: [
					...headGroups,
					...Array(8 - headGroups.length - tailGroups.length).fill('0'),
					...tailGroups
				];
	return `${groups
		.slice(0, 4)
		.map((group) => parseInt(group, 16).toString(16))
		.join(':')}::/64`;
}

export const loginKeys = (clientIp: string, email: string) => {
	const address = addressBlock(clientIp);
	return { addressAndEmail: `${address} ${email}`, address, email };
};

export const roomPasswordKeys = (clientIp: string, roomId: string) => {
	const address = addressBlock(clientIp);
	return { roomAndAddress: `${roomId} ${address}`, address };
};

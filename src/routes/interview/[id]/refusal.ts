import type { LinkStatus } from '$lib/protocol/rooms';

export interface Refusal {
	title: string;
	text: string;
}

/**
 * Why a visitor who must join anew cannot, told before they type a name: the link they
 * came by does not let them in, or the interview is over. Null when they may try.
 */
export function refusalFor(visit: {
	link: LinkStatus;
	observing: boolean;
	ended: boolean;
	host: string;
}): Refusal | null {
	const { link, observing, ended, host } = visit;
	if (observing && link === 'revoked') {
		return {
			title: 'This observer link was revoked',
			text: `This observer link was revoked by the interviewer. Ask ${host} for a new one.`
		};
	}
	if (observing && link !== 'valid') {
		return {
			title: 'This observer link is not valid',
			text: `This observer link is not valid for this interview: it may be mistyped or cut short. Ask ${host} to send it again.`
		};
	}
	if (link === 'missing') {
		return {
			title: 'This interview is invite-only',
			text: `Open it with the link from your invitation. Ask ${host} if you do not have one.`
		};
	}
	if (link !== 'valid') {
		return {
			title: 'This invite link is not valid',
			text: `This invite link is not valid for this interview: it may be mistyped or cut short. Ask ${host} for the link from your invitation.`
		};
	}
	if (ended) return { title: 'This interview has ended', text: 'It admits nobody new.' };
	return null;
}

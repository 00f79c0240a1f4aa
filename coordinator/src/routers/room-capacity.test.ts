import { and, eq, ne, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SessionUser } from '../auth/tokens';
import { participantsTable } from '../db/schema';
import { callerFor, trpcErrorOf } from '../test-support/caller';
import { nonce } from '../test-support/database';
import { signUpInterviewer, useTestServices, useTrpcServer } from '../test-support/services';
import { postJson } from '../test-support/trpc-server';
import { maxCallsPerBatch } from '../../../src/lib/protocol/batching';
import { maxColorIndex } from '../../../src/lib/protocol/room-token';

const capacity = 5;

const setup = useTestServices({ maxAdmissionsPerRoom: capacity });
const server = useTrpcServer(setup);
let owner: SessionUser;

beforeAll(async () => {
	owner = await signUpInterviewer(setup.services);
});

const asOwner = () => callerFor(setup.services, owner).caller;

/** A fresh room and one observer link into it. */
async function roomWithObserverLink() {
	const { id } = await asOwner().rooms.create({ title: `Room ${nonce()}`, language: 'python' });
	const { linkId } = await asOwner().rooms.createObserverLink({ id });
	return { id, linkId };
}

async function guestsAdmitted(roomId: string) {
	const [row] = await setup.services.db
		.select({ count: sql<number>`count(*)::int` })
		.from(participantsTable)
		.where(and(eq(participantsTable.roomId, roomId), ne(participantsTable.role, 'interviewer')));
	return row!.count;
}

interface BatchItem {
	result?: { data: { role: string } };
	error?: { message: string; data: { code: string } };
}

describe('hostile: a flood of joins through one observer link', () => {
	it('a batched flood stops at the limit, with a clear refusal for the rest', async () => {
		const { id, linkId } = await roomWithObserverLink();
		const paths = Array.from({ length: maxCallsPerBatch }, () => 'rooms.join').join(',');
		const input = Object.fromEntries(
			Array.from({ length: maxCallsPerBatch }, (_, i) => [
				i,
				{ id, name: `Bot ${i}`, observerLink: linkId }
			])
		);

		const response = await postJson(server, `${paths}?batch=1`, input);

		const items = (await response.json()) as BatchItem[];
		expect(items.filter((item) => item.result?.data.role === 'observer')).toHaveLength(capacity);
		const refusals = items.filter((item) => item.error);
		expect(refusals).toHaveLength(maxCallsPerBatch - capacity);
		for (const refusal of refusals) {
			expect(refusal.error!.data.code).toBe('FORBIDDEN');
			expect(refusal.error!.message).toBe(
				`This interview is full: it admits at most ${capacity} candidates and observers`
			);
		}
		expect(await guestsAdmitted(id)).toBe(capacity);
	});

	it('concurrent requests stop at the limit too, and the owner still joins and resumes', async () => {
		const { id, linkId } = await roomWithObserverLink();

		const responses = await Promise.all(
			Array.from({ length: 30 }, (_, i) =>
				postJson(server, 'rooms.join', { id, name: `Bot ${i}`, observerLink: linkId })
			)
		);

		expect(responses.filter((response) => response.status === 200)).toHaveLength(capacity);
		expect(responses.filter((response) => response.status === 403)).toHaveLength(30 - capacity);
		expect(await guestsAdmitted(id)).toBe(capacity);

		const joined = await asOwner().rooms.join({ id });
		expect(joined.role).toBe('interviewer');
		await expect(setup.services.tokens.verifyRoomToken(joined.token)).resolves.toMatchObject({
			role: 'interviewer'
		});
		const resumed = await asOwner().rooms.join({ id, resumeToken: joined.token });
		expect(resumed.participantId).toBe(joined.participantId);
		const inviteToken = (await asOwner().rooms.byId({ id })).inviteToken!;
		const candidate = await trpcErrorOf(
			callerFor(setup.services).caller.rooms.join({ id, name: 'Alan', invite: inviteToken })
		);
		expect(candidate.code).toBe('FORBIDDEN');
	});
});

describe('hostile: more participants than a token has colours', () => {
	it('wrap around, so even the 1,002nd participant gets a token the peers accept', async () => {
		const { id } = await roomWithObserverLink();
		await setup.services.db.insert(participantsTable).values(
			Array.from({ length: maxColorIndex + 1 }, (_, i) => ({
				roomId: id,
				name: `Interviewer ${i}`,
				role: 'interviewer' as const,
				colorIndex: i
			}))
		);

		const joined = await asOwner().rooms.join({ id });

		expect(joined.colorIndex).toBe(0);
		await expect(setup.services.tokens.verifyRoomToken(joined.token)).resolves.toMatchObject({
			participantId: joined.participantId,
			colorIndex: 0
		});
	});
});

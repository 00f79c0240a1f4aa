import { clientIdOf } from '../../../src/lib/protocol/yjs-clients';
import type { Services } from '../context';
import { callerFor } from './caller';
import { nonce } from './database';
import { signUpInterviewer } from './services';

/**
 * A fresh interviewer, their room, both participants' room tokens, and the first Yjs client
 * id each may write under (their pages' first).
 */
export async function roomWithParticipants(services: Services) {
	const interviewer = await signUpInterviewer(services);
	const asInterviewer = callerFor(services, interviewer).caller;
	const { id: roomId, inviteToken } = await asInterviewer.rooms.create({
		title: `Room ${nonce()}`,
		language: 'python'
	});
	const interviewerJoin = await asInterviewer.rooms.join({ id: roomId });
	const candidateJoin = await callerFor(services).caller.rooms.join({
		id: roomId,
		name: 'Alan Turing',
		invite: inviteToken
	});
	return {
		roomId,
		interviewer,
		interviewerToken: interviewerJoin.token,
		candidateToken: candidateJoin.token,
		interviewerClient: clientIdOf(interviewerJoin.clientBlock!, 0),
		candidateClient: clientIdOf(candidateJoin.clientBlock!, 0)
	};
}

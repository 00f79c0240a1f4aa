import { describe, expect, it } from 'vitest';
import { linkKindFromStats } from './peer-links';

/** An RTCStatsReport as Chromium gives it: a map of stats by id. */
const report = (...stats: Record<string, unknown>[]) =>
	new Map(stats.map((stat) => [stat.id, stat])) as unknown as RTCStatsReport;

const candidates = (localType: string, remoteType: string) => [
	{ id: 'L', type: 'local-candidate', candidateType: localType },
	{ id: 'R', type: 'remote-candidate', candidateType: remoteType }
];

describe('linkKindFromStats', () => {
	it('names the transport’s selected pair relayed when either end is a TURN relay', () => {
		const pair = { id: 'P', type: 'candidate-pair', localCandidateId: 'L', remoteCandidateId: 'R' };
		const transport = { id: 'T', type: 'transport', selectedCandidatePairId: 'P' };
		expect(linkKindFromStats(report(transport, pair, ...candidates('relay', 'host')))).toBe(
			'relayed'
		);
		expect(linkKindFromStats(report(transport, pair, ...candidates('srflx', 'relay')))).toBe(
			'relayed'
		);
		expect(linkKindFromStats(report(transport, pair, ...candidates('host', 'srflx')))).toBe(
			'direct'
		);
	});

	it('falls back to the nominated, succeeded pair, and says nothing before one', () => {
		const pending = {
			id: 'A',
			type: 'candidate-pair',
			state: 'in-progress',
			localCandidateId: 'L',
			remoteCandidateId: 'R'
		};
		expect(linkKindFromStats(report(pending, ...candidates('relay', 'host')))).toBeNull();
		const chosen = { ...pending, id: 'B', state: 'succeeded', nominated: true };
		expect(linkKindFromStats(report(pending, chosen, ...candidates('relay', 'host')))).toBe(
			'relayed'
		);
	});
});

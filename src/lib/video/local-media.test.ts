import { describe, expect, it } from 'vitest';
import { openLocalMedia } from './local-media';

/** What getUserMedia returns in these tests: only which devices were asked for. */
const fakeStream = (constraints: MediaStreamConstraints) =>
	({ kinds: Object.keys(constraints).sort() }) as unknown as MediaStream;

const failure = (name: string) => Object.assign(new Error(name), { name });

/** A fake mediaDevices where the listed devices exist and opening them fails with `error`. */
function devices(available: ('video' | 'audio')[], error = failure('NotFoundError')) {
	const requests: string[][] = [];
	return {
		requests,
		getUserMedia: async (constraints: MediaStreamConstraints = {}) => {
			const wanted = Object.keys(constraints).sort();
			requests.push(wanted);
			if (wanted.some((kind) => !available.includes(kind as 'video' | 'audio'))) throw error;
			return fakeStream(constraints);
		}
	};
}

describe('openLocalMedia', () => {
	it('opens camera and microphone together when both work', async () => {
		expect(await openLocalMedia(devices(['video', 'audio']))).toEqual({
			stream: fakeStream({ audio: true, video: true }),
			problem: null
		});
	});

	it('falls back to the microphone alone without a camera', async () => {
		const media = await openLocalMedia(devices(['audio']));
		expect(media.stream).toEqual(fakeStream({ audio: true }));
		expect(media.problem).toBe('No camera: the others hear you but cannot see you.');
	});

	it('falls back to the camera alone without a microphone', async () => {
		const media = await openLocalMedia(devices(['video']));
		expect(media.stream).toEqual(fakeStream({ video: true }));
		expect(media.problem).toBe('No microphone: the others see you but cannot hear you.');
	});

	it('says no device was found when there is none', async () => {
		expect(await openLocalMedia(devices([]))).toEqual({
			stream: null,
			problem: 'No camera or microphone was found. You can still see and hear the others.'
		});
	});

	it('does not ask again for one device after permission was denied', async () => {
		const denied = devices([], failure('NotAllowedError'));
		expect(await openLocalMedia(denied)).toEqual({
			stream: null,
			problem: 'Camera and microphone access was denied. You can still see and hear the others.'
		});
		expect(denied.requests).toEqual([['audio', 'video']]);
	});

	it('says a device is busy elsewhere', async () => {
		const media = await openLocalMedia(devices([], failure('NotReadableError')));
		expect(media.problem).toMatch(/^The camera or microphone is busy in another application/);
	});

	it('explains that the page needs HTTPS when the browser offers no mediaDevices', async () => {
		const media = await openLocalMedia({});
		expect(media.stream).toBeNull();
		expect(media.problem).toMatch(/needs HTTPS/);
	});
});

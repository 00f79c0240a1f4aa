/** This participant's camera and microphone, or why there are none. */
export interface LocalMedia {
	/** Null when no device could be opened; others can still be seen and heard. */
	stream: MediaStream | null;
	/** What to tell the person when not both devices are working, else null. */
	problem: string | null;
}

type MediaSource = Partial<Pick<MediaDevices, 'getUserMedia'>>;

const stillReceives = 'You can still see and hear the others.';

/** A sentence for why getUserMedia failed, from the DOMException name the spec defines. */
function explain(error: unknown): string {
	const name = error instanceof Error ? error.name : '';
	switch (name) {
		case 'NotAllowedError':
		case 'SecurityError':
			return `Camera and microphone access was denied. ${stillReceives}`;
		case 'NotFoundError':
		case 'OverconstrainedError':
			return `No camera or microphone was found. ${stillReceives}`;
		case 'NotReadableError':
			return `The camera or microphone is busy in another application. ${stillReceives}`;
		default:
			return `The camera and microphone could not be started. ${stillReceives}`;
	}
}

/**
 * Opens the camera and microphone. When both cannot be had, falls back to whichever one
 * works (a laptop without a camera still talks), and otherwise to nothing, with a message.
 * Never rejects.
 * @see https://developer.mozilla.org/en-US/docs/Web/API/MediaDevices/getUserMedia#exceptions
 */
export async function openLocalMedia(
	devices: MediaSource | undefined = globalThis.navigator?.mediaDevices
): Promise<LocalMedia> {
	// Browsers only offer mediaDevices on secure origins (HTTPS or localhost).
	if (!devices?.getUserMedia) {
		return {
			stream: null,
			problem: `This page cannot use a camera or microphone here (it needs HTTPS). ${stillReceives}`
		};
	}
	let firstError: unknown;
	try {
		return { stream: await devices.getUserMedia({ video: true, audio: true }), problem: null };
	} catch (error) {
		firstError = error;
	}
	// Denied permission covers both devices; asking again for one would only fail again.
	if (firstError instanceof Error && firstError.name === 'NotAllowedError') {
		return { stream: null, problem: explain(firstError) };
	}
	const fallbacks = [
		{ constraints: { audio: true }, problem: 'No camera: the others hear you but cannot see you.' },
		{
			constraints: { video: true },
			problem: 'No microphone: the others see you but cannot hear you.'
		}
	];
	for (const fallback of fallbacks) {
		try {
			return {
				stream: await devices.getUserMedia(fallback.constraints),
				problem: fallback.problem
			};
		} catch {
			// The next fallback may still work; the first error says best what went wrong.
		}
	}
	return { stream: null, problem: explain(firstError) };
}

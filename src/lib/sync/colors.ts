// Distinguishable on white and on the editor's selection background.
const palette = [
	'#d1242f',
	'#1a7f37',
	'#0969da',
	'#8250df',
	'#bf8700',
	'#1b7c83',
	'#cf222e',
	'#953800'
];

/** A stable colour for a participant, so a refresh keeps the same cursor colour. */
export function participantColor(participantId: string): { color: string; colorLight: string } {
	let hash = 0;
	for (const char of participantId) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
	const color = palette[hash % palette.length]!;
	return { color, colorLight: `${color}33` };
}

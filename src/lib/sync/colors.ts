// Distinguishable on white and on the editor's selection background.
const palette = [
	'#d1242f',
	'#0969da',
	'#1a7f37',
	'#8250df',
	'#bf8700',
	'#1b7c83',
	'#953800',
	'#bf3989'
];

/**
 * A participant's cursor colour. The coordinator numbers participants in order of
 * admission, so the first eight of a room never share one, and a refresh keeps it.
 */
export function participantColor(colorIndex: number): { color: string; colorLight: string } {
	const color = palette[Math.abs(Math.trunc(colorIndex)) % palette.length] ?? palette[0]!;
	return { color, colorLight: `${color}33` };
}

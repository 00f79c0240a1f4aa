// `npm start` runs this first: it builds the client only when the build is missing or
// older than its sources, so a fresh clone works with `npm install && npm start`.
import { execFileSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const buildMarker = 'build/handler.js';
const sources = ['src', 'static', 'svelte.config.js', 'vite.config.ts', 'package.json'];

function newestMtime(path) {
	const stats = statSync(path);
	if (!stats.isDirectory()) return stats.mtimeMs;
	return readdirSync(path).reduce(
		(newest, entry) => Math.max(newest, newestMtime(join(path, entry))),
		stats.mtimeMs
	);
}

function builtAt() {
	try {
		return statSync(buildMarker).mtimeMs;
	} catch {
		return 0;
	}
}

if (Math.max(...sources.map(newestMtime)) > builtAt()) {
	console.log('pairdesk: building the client (vite build)…');
	execFileSync('npx', ['vite', 'build'], { stdio: 'inherit' });
}

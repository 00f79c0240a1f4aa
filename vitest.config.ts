import { defineConfig } from 'vitest/config';

// Kept apart from vite.config.ts so coordinator tests run without the SvelteKit plugin.
export default defineConfig({
	test: {
		include: [
			'coordinator/**/*.test.ts',
			'runner/**/*.test.ts',
			'server-common/**/*.test.ts',
			'src/lib/**/*.test.ts',
			'bench/**/*.test.ts',
			'scripts/**/*.test.ts'
		],
		// One PGlite or PostgreSQL database per file; files run one at a time to keep the 2-core CI steady.
		fileParallelism: false,
		testTimeout: 20_000,
		hookTimeout: 60_000
	}
});

/** Where the e2e server keeps its data and its signaling trace (see playwright.config.ts). */
export const e2eDataDir = '.e2e/data';
export const signalTraceFile = '.e2e/signal-trace.log';

/** A second server whose Docker engine does not exist, for what Run does without one. */
export const noDockerPort = Number(process.env.E2E_PORT ?? 4173) + 1;
export const noDockerDataDir = '.e2e/no-docker';
export const missingDockerHost = 'unix:///nonexistent/docker.sock';

/** Debian's Chromium: no browser is downloaded on these machines. */
export const chromiumLaunchOptions = {
	executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
	args: [
		'--no-sandbox',
		'--disable-gpu',
		'--disable-quic',
		'--no-first-run',
		'--disable-background-networking',
		'--disable-component-update',
		'--disable-sync'
	]
};

const levels = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 } as const;
export type LogLevel = keyof typeof levels;

let threshold: number = levels[(process.env.LOG_LEVEL as LogLevel) ?? 'info'] ?? levels.info;

/** Sets the lowest level that is printed, for every module logger. */
export function setLogLevel(level: LogLevel) {
	threshold = levels[level];
}

export type Logger = Record<
	Exclude<LogLevel, 'silent'>,
	(message: string, details?: object) => void
>;

/** A logger whose lines carry the module name, e.g. `createLogger('signaling')`. */
export function createLogger(module: string): Logger {
	const write = (level: Exclude<LogLevel, 'silent'>) => (message: string, details?: object) => {
		if (levels[level] < threshold) return;
		const line = `${new Date().toISOString()} ${level.toUpperCase()} [${module}] ${message}`;
		const text = details ? `${line} ${JSON.stringify(details)}` : line;
		(level === 'error' || level === 'warn' ? console.error : console.log)(text);
	};
	return { debug: write('debug'), info: write('info'), warn: write('warn'), error: write('error') };
}

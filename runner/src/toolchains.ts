import type { Language } from '../../src/lib/protocol/languages';

/** How one language is built and started inside its sandbox image. */
export interface Toolchain {
	/** Image name without the registry prefix; runner/images/<image>/Dockerfile builds it. */
	image: string;
	/** The file the source is written to, in the sandbox's working directory. */
	sourceFile(source: string): string;
	/** Shell command that compiles the source file; none for interpreted languages. */
	compile?(source: string): string;
	/** Shell command that replaces the launcher with the program (hence `exec`). */
	run(source: string): string;
}

const jvmFlags = '-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:-UsePerfData';

/** Java wants the file named after its public class; `Main` when there is none. */
function javaClassName(source: string): string {
	return /\bpublic\s+(?:final\s+)?class\s+([A-Za-z_$][\w$]*)/.exec(source)?.[1] ?? 'Main';
}

export const toolchains: Record<Language, Toolchain> = {
	python: {
		image: 'python',
		sourceFile: () => 'main.py',
		// Unbuffered, so output reaches the room as it is printed.
		run: () => 'exec python3 -u main.py'
	},
	javascript: {
		image: 'node',
		sourceFile: () => 'main.js',
		run: () => 'exec node main.js'
	},
	typescript: {
		image: 'node',
		sourceFile: () => 'main.ts',
		compile: () => 'esbuild main.ts --outfile=main.js --format=cjs --log-level=warning',
		run: () => 'exec node main.js'
	},
	go: {
		image: 'go',
		sourceFile: () => 'main.go',
		compile: () => 'go build -o main main.go',
		run: () => 'exec ./main'
	},
	java: {
		image: 'java',
		sourceFile: (source) => `${javaClassName(source)}.java`,
		compile: (source) => `javac -J${jvmFlags.split(' ').join(' -J')} ${javaClassName(source)}.java`,
		run: (source) => `exec java ${jvmFlags} ${javaClassName(source)}`
	},
	cpp: {
		image: 'cpp',
		sourceFile: () => 'main.cpp',
		compile: () => 'g++ -O2 -std=c++17 -o main main.cpp',
		run: () => 'exec ./main'
	}
};

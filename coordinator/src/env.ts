import { z } from 'zod';
import { logLevelSetting, parseSettings } from '../../server-common/env';
import { parseTrustProxy } from './auth/client-address';

const iceServer = z.object({
	urls: z.union([z.string(), z.array(z.string())]),
	username: z.string().optional(),
	credential: z.string().optional()
});

/**
 * Every setting the coordinator reads, with its default. The README's configuration
 * table lists the same keys.
 */
const envSchema = z
	.object({
		PORT: z.coerce.number().int().min(0).max(65_535).default(3000),
		HOST: z.string().default('0.0.0.0'),
		DATA_DIR: z.string().default('./data'),
		DATABASE_URL: z.url().optional(),
		JWT_SECRET: z.string().min(32, 'JWT_SECRET must be at least 32 characters').optional(),
		/** Private Ed25519 JWK that signs room tokens; generated and kept in DATA_DIR when unset. */
		ROOM_SIGNING_KEY: z.string().optional(),
		ICE_SERVERS: z
			.string()
			.default('[]')
			.transform((raw, ctx) => {
				try {
					return z.array(iceServer).parse(JSON.parse(raw));
				} catch {
					ctx.addIssue({
						code: 'custom',
						message: 'ICE_SERVERS must be a JSON array of RTCIceServer'
					});
					return z.NEVER;
				}
			}),
		/** Proxies whose X-Forwarded-For names the client: none, a number of hops, or their addresses. */
		TRUST_PROXY: z
			.string()
			.default('')
			.transform((raw, ctx) => {
				try {
					return parseTrustProxy(raw);
				} catch (error) {
					ctx.addIssue({ code: 'custom', message: (error as Error).message });
					return z.NEVER;
				}
			}),
		/** The largest tRPC request body; a larger one is refused with 413 before it is read. */
		TRPC_MAX_BODY_KB: z.coerce
			.number()
			.int()
			.min(16)
			.max(1024 * 1024)
			.default(4096),
		LOG_LEVEL: logLevelSetting,
		SIGNAL_TRACE_FILE: z.string().optional(),
		BUILD_DIR: z.string().default('./build'),
		/** `local`: this process executes runs; `remote`: only `npm run runner` processes do. */
		RUNNER_MODE: z.enum(['local', 'remote']).default('local'),
		RUNS_PER_ROOM_PER_MINUTE: z.coerce.number().int().min(1).default(10),
		/** Candidates and observers one interview admits; interviewers always enter. */
		ROOM_MAX_ADMISSIONS: z.coerce.number().int().min(1).max(10_000).default(50),
		/** How often pages upload their recording queue. */
		RECORDING_UPLOAD_MS: z.coerce.number().int().min(200).max(600_000).default(3000),
		/** A keyframe of the whole document after this many recorded updates. */
		RECORDING_KEYFRAME_EVERY: z.coerce.number().int().min(10).default(5000),
		/** …or once the oldest update outside a keyframe is this many minutes old. */
		RECORDING_KEYFRAME_MINUTES: z.coerce.number().positive().default(15)
	})
	.refine((env) => env.RUNNER_MODE === 'local' || env.DATABASE_URL, {
		error:
			'RUNNER_MODE=remote needs DATABASE_URL: stand-alone runners share PostgreSQL with the coordinator',
		path: ['RUNNER_MODE']
	});

export type Env = z.infer<typeof envSchema>;

/** Parses the environment once; a bad value stops start-up with every problem listed. */
export function parseEnv(source: NodeJS.ProcessEnv = process.env): Env {
	return parseSettings(envSchema, source);
}

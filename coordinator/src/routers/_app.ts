import { router } from '../trpc';
import { authRouter } from './auth';
import { roomsRouter } from './rooms';
import { recordingRouter } from './recording';
import { runsRouter } from './runs';

export const appRouter = router({
	auth: authRouter,
	rooms: roomsRouter,
	runs: runsRouter,
	recording: recordingRouter
});

export type AppRouter = typeof appRouter;

import { router } from '../trpc';
import { authRouter } from './auth';
import { interviewersRouter } from './interviewers';
import { roomsRouter } from './rooms';
import { recordingRouter } from './recording';
import { runsRouter } from './runs';

export const appRouter = router({
	auth: authRouter,
	rooms: roomsRouter,
	interviewers: interviewersRouter,
	runs: runsRouter,
	recording: recordingRouter
});

export type AppRouter = typeof appRouter;

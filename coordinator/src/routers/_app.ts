import { router } from '../trpc';
import { authRouter } from './auth';
import { roomsRouter } from './rooms';
import { runsRouter } from './runs';

export const appRouter = router({
	auth: authRouter,
	rooms: roomsRouter,
	runs: runsRouter
});

export type AppRouter = typeof appRouter;

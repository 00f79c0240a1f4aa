import type { inferRouterOutputs } from '@trpc/server';
import { describe, expectTypeOf, it } from 'vitest';
import type { AppRouter } from '../../../coordinator/src/routers/_app';
import type { Admission } from './admission';

type JoinAnswer = inferRouterOutputs<AppRouter>['rooms']['join'];

// Type assertions: svelte-check (`npm run lint`) fails on a mismatch; at run time they pass.
describe('Admission', () => {
	it('has every field of the join answer, typed as the router types it', () => {
		expectTypeOf<Required<Admission>>().toEqualTypeOf<JoinAnswer>();
		expectTypeOf<Admission['room']>().toEqualTypeOf<JoinAnswer['room']>();
	});

	it('takes a fresh join answer as it is', () => {
		expectTypeOf<JoinAnswer>().toExtend<Admission>();
	});

	it('still reads an admission remembered before the later fields existed', () => {
		type Remembered = Omit<
			JoinAnswer,
			'observerLink' | 'clientBlock' | 'recordingUploadMs' | 'chatCert'
		>;
		expectTypeOf<Remembered>().toExtend<Admission>();
	});
});

import { z } from 'zod';

export const emailSchema = z.email({ error: 'Enter a valid email address' }).max(254).toLowerCase();

export const credentialsInput = z.object({
	email: emailSchema,
	password: z
		.string()
		.min(8, 'Password must be at least 8 characters')
		.max(256, 'Password must be at most 256 characters')
});

export const signUpInput = credentialsInput.extend({
	name: z.string().trim().min(1, 'Name must not be empty').max(60)
});

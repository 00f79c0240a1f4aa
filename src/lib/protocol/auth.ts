import { z } from 'zod';
import { boundedText } from './bounded-input';

export const emailSchema = z.email({ error: 'Enter a valid email address' }).max(254).toLowerCase();

/**
 * Passwords are only ever hashed, never stored or shown, so any character is allowed: a rule
 * added later would lock out whoever chose one before. Only the length is bounded.
 */
export const minPasswordLength = 8;

export const passwordSchema = z
	.string()
	.min(minPasswordLength, `Password must be at least ${minPasswordLength} characters`)
	.max(256, 'Password must be at most 256 characters');

export const credentialsInput = z.object({ email: emailSchema, password: passwordSchema });

export const signUpInput = credentialsInput.extend({
	name: boundedText({ label: 'Name', min: 1, max: 60 })
});

import { z } from 'zod';

/** Base64 text of at most `maxBytes` decoded bytes; `label` names it in the error ("An update"). */
export const boundedBase64 = (maxBytes: number, label: string) =>
	z
		.string()
		.max(Math.ceil((maxBytes * 4) / 3) + 4, {
			error: `${label} must be at most ${maxBytes / 1024} KB`
		})
		.regex(/^[A-Za-z0-9+/]*={0,2}$/, { error: `${label} must be base64` });

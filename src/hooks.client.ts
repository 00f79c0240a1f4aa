import { z } from 'zod';

// Kludge: zod compiles object schemas with `new Function` when it may, and finds out by trying,
// which the page's Content Security Policy (no 'unsafe-eval') reports as a violation each time.
z.config({ jitless: true });

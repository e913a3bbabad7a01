import { z } from 'zod';

/** What an installation tells the dashboard about itself. */
export const metaSchema = z.object({ name: z.string(), devOutbox: z.boolean() });

import { z } from 'zod';

export const email = z.email({ error: 'must be an email address, e.g. name@example.com' }).max(320);

export const loginBody = z.object({
  email,
  password: z.string().min(1, 'is required').max(1000),
});

export const userSchema = z.object({
  id: z.uuid(),
  email: z.string(),
  name: z.string(),
  isPlatformAdmin: z.boolean(),
});

export const loginResponse = z.object({ user: userSchema });

export const passwordResetBody = z.object({ email });

export const passwordResetConfirmBody = z.object({
  token: z.string().min(10).max(200),
  password: z.string().max(1000),
});

export const okResponse = z.object({ ok: z.literal(true) });

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { accessCheckpoint } from '../../platform/auth/access-cache.ts';
import type { Config } from '../../platform/config/config.ts';
import * as identity from './identity.service.ts';
import {
  loginBody,
  loginResponse,
  okResponse,
  passwordResetBody,
  passwordResetConfirmBody,
} from './identity.schemas.ts';

export const SESSION_COOKIE = 'ol_session';

export function setSessionCookie(reply: FastifyReply, config: Config, token: string, expiresAt: Date): void {
  reply.setCookie(SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'lax',
    secure: config.cookieSecure,
    path: '/',
    expires: expiresAt,
  });
}

/** The session cookie's principal: the module's credential resolver (see its manifest). */
export async function sessionPrincipal(request: FastifyRequest) {
  const token = request.cookies[SESSION_COOKIE];
  if (!token) return undefined;
  await accessCheckpoint(request);
  return identity.principalForSessionToken(token);
}

export function registerIdentityRoutes(fastify: FastifyInstance, config: Config): void {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const tags = ['identity'];

  app.post(
    '/api/v1/auth/login',
    {
      schema: {
        tags,
        summary: 'Log in with email and password',
        description:
          'Public. Starts a session (the `ol_session` cookie, HttpOnly, SameSite=Lax). Failed attempts are limited per account and address, per address, and per account from unknown addresses; past a limit the answer is 429 with Retry-After.',
        body: loginBody,
        response: { 200: loginResponse },
      },
      config: { rateLimit: { max: 30, timeWindow: '1 minute' } },
    },
    async (request, reply) => {
      const result = await identity.login({
        ...request.body,
        ip: request.ip,
        userAgent: request.headers['user-agent'],
      });
      setSessionCookie(reply, config, result.sessionToken, result.expiresAt);
      return { user: result.user };
    },
  );

  app.post(
    '/api/v1/auth/logout',
    {
      schema: {
        tags,
        summary: 'End this session',
        description: 'Revokes the session on the server and clears the cookie.',
        response: { 200: okResponse },
      },
    },
    async (request, reply) => {
      await identity.logout(request.principal);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return { ok: true as const };
    },
  );

  app.post(
    '/api/v1/auth/password-reset',
    {
      schema: {
        tags,
        summary: 'Email a password reset link',
        description:
          'Public. Always 202, whether or not the email has an account; at most five links an hour per account, each valid for 60 minutes.',
        body: passwordResetBody,
        response: { 202: okResponse },
      },
      config: { rateLimit: { max: 10, timeWindow: '1 minute' } },
    },
    async (request, reply) => {
      await identity.requestPasswordReset(request.body);
      return reply.status(202).send({ ok: true as const });
    },
  );

  app.post(
    '/api/v1/auth/password-reset/confirm',
    {
      schema: {
        tags,
        summary: 'Set a new password with a reset token',
        description:
          'Public. The link works once; a successful reset ends every other reset link and every session of the account.',
        body: passwordResetConfirmBody,
        response: { 200: okResponse },
      },
    },
    async (request) => {
      await identity.confirmPasswordReset(request.body);
      return { ok: true as const };
    },
  );
}

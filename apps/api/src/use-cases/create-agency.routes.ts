import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { requirePrincipal } from '../platform/auth/principal.ts';
import { agencySchema, createAgencyBody } from '../modules/agencies/index.ts';
import { createAgencyAsAdmin } from './create-agency.ts';

export function registerCreateAgencyRoutes(fastify: FastifyInstance): void {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  app.post(
    '/api/v1/agencies',
    {
      schema: {
        tags: ['agencies'],
        summary: 'Open a new agency (platform administrators)',
        description:
          'Creates the agency with its built-in roles and makes the administrator its first owner, who invites its people from there. Platform administrators only.',
        body: createAgencyBody,
        response: { 201: agencySchema },
      },
    },
    async (req, reply) => reply.status(201).send(await createAgencyAsAdmin(requirePrincipal(req), req.body)),
  );
}

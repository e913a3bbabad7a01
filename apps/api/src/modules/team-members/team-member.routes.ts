import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { inScope } from '../../platform/access/access.ts';
import { pageOf } from '../../platform/http/pagination.ts';
import { subAccountParams } from '../../platform/http/schemas.ts';
import * as teamMembers from './team-member.service.ts';
import {
  createTeamMemberBody,
  listTeamMembersQuery,
  teamMemberParams,
  teamMemberSchema,
  updateTeamMemberBody,
} from './team-member.schemas.ts';

export function registerTeamMemberRoutes(fastify: FastifyInstance): void {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const tags = ['team members'];
  const base = '/api/v1/sub-accounts/:subAccountId/team-members';
  const itemParams = subAccountParams.extend(teamMemberParams.shape);

  app.get(
    base,
    {
      schema: {
        summary: 'List team members',
        description:
          'The people who sell and earn commissions in the sub-account, by name. Needs `team_members:read`.',
        tags,
        params: subAccountParams,
        querystring: listTeamMembersQuery,
        response: { 200: pageOf(teamMemberSchema) },
      },
    },
    (req) => inScope(req, (ctx) => teamMembers.listTeamMembers(ctx, req.query)),
  );
  app.post(
    base,
    {
      schema: {
        summary: 'Add a team member',
        description:
          'Optionally linked to a user with access to the sub-account, with a commission (percentage or fixed). Needs `team_members:create`.',
        tags,
        params: subAccountParams,
        body: createTeamMemberBody,
        response: { 201: teamMemberSchema },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await inScope(req, (ctx) => teamMembers.createTeamMember(ctx, req.body))),
  );
  app.get(
    `${base}/:teamMemberId`,
    {
      schema: {
        summary: 'Get a team member',
        description: 'Needs `team_members:read`.',
        tags,
        params: itemParams,
        response: { 200: teamMemberSchema },
      },
    },
    (req) => inScope(req, (ctx) => teamMembers.getTeamMember(ctx, req.params.teamMemberId)),
  );
  app.patch(
    `${base}/:teamMemberId`,
    {
      schema: {
        summary: 'Change a team member',
        description: 'Needs `team_members:update`.',
        tags,
        params: itemParams,
        body: updateTeamMemberBody,
        response: { 200: teamMemberSchema },
      },
    },
    (req) => inScope(req, (ctx) => teamMembers.updateTeamMember(ctx, req.params.teamMemberId, req.body)),
  );
  app.delete(
    `${base}/:teamMemberId`,
    {
      schema: {
        summary: 'Remove a team member',
        description: 'A soft delete: the record stays for the history. Needs `team_members:delete`.',
        tags,
        params: itemParams,
        response: { 204: z.null() },
      },
    },
    async (req, reply) =>
      reply
        .status(204)
        .send(
          await inScope(req, (ctx) => teamMembers.deleteTeamMember(ctx, req.params.teamMemberId)).then(
            () => null,
          ),
        ),
  );
}

import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { inScope } from '../../platform/access/access.ts';
import { requirePrincipal } from '../../platform/auth/principal.ts';
import type { Config } from '../../platform/config/config.ts';
import { pageOf } from '../../platform/http/pagination.ts';
import { SCOPES } from '../../platform/http/scopes.ts';
import { setSessionCookie } from '../identity/index.ts';
import * as access from './access.service.ts';
import {
  acceptInvitationBody,
  createInvitationBody,
  createRoleBody,
  invitationParams,
  invitationPreview,
  invitationSchema,
  invitationTokenParams,
  listInvitationsQuery,
  membershipParams,
  membershipSchema,
  meSchema,
  permissionCatalogue,
  roleParams,
  roleSchema,
  updateMembershipBody,
  updateRoleBody,
} from './access.schemas.ts';

const noContent = { 204: z.null() };

export function registerAccessRoutes(fastify: FastifyInstance, config: Config): void {
  const app = fastify.withTypeProvider<ZodTypeProvider>();

  app.get(
    '/api/v1/auth/me',
    { schema: { tags: ['auth'], summary: 'Who I am and where I belong', response: { 200: meSchema } } },
    (req) => access.me(requirePrincipal(req)),
  );
  app.get(
    '/api/v1/permissions',
    { schema: { tags: ['roles'], response: { 200: permissionCatalogue } } },
    async (req) => {
      requirePrincipal(req);
      return access.permissionCatalogue();
    },
  );
  app.get(
    '/api/v1/invitations/:token',
    {
      schema: {
        tags: ['invitations'],
        summary: 'What an invitation link offers',
        params: invitationTokenParams,
        response: { 200: invitationPreview },
      },
    },
    (req) => access.previewInvitation(req.params.token),
  );
  app.post(
    '/api/v1/invitations/:token/accept',
    {
      schema: {
        tags: ['invitations'],
        summary: 'Accept an invitation and log in',
        params: invitationTokenParams,
        body: acceptInvitationBody,
        response: { 200: z.object({ user: meSchema.shape.user }) },
      },
    },
    async (req, reply) => {
      const result = await access.acceptInvitation(req.params.token, {
        ...req.body,
        principal: req.principal,
        ip: req.ip,
        userAgent: req.headers['user-agent'],
      });
      setSessionCookie(reply, config, result.sessionToken, result.expiresAt);
      return { user: result.user };
    },
  );

  // The same management endpoints at the agency and inside each sub-account.
  for (const scope of SCOPES) {
    const { prefix, params, tag } = scope;
    const tags = [tag];

    app.get(`${prefix}/roles`, { schema: { tags, params, response: { 200: pageOf(roleSchema) } } }, (req) =>
      inScope(req, (ctx) => access.listRoles(ctx)),
    );
    app.post(
      `${prefix}/roles`,
      { schema: { tags, params, body: createRoleBody, response: { 201: roleSchema } } },
      async (req, reply) =>
        reply.status(201).send(await inScope(req, (ctx) => access.createRole(ctx, req.body))),
    );
    app.patch(
      `${prefix}/roles/:roleId`,
      {
        schema: {
          tags,
          params: params.extend(roleParams.shape),
          body: updateRoleBody,
          response: { 200: roleSchema },
        },
      },
      (req) => inScope(req, (ctx) => access.updateRole(ctx, req.params.roleId, req.body)),
    );
    app.delete(
      `${prefix}/roles/:roleId`,
      { schema: { tags, params: params.extend(roleParams.shape), response: noContent } },
      async (req, reply) =>
        reply
          .status(204)
          .send(await inScope(req, (ctx) => access.deleteRole(ctx, req.params.roleId)).then(() => null)),
    );

    app.get(
      `${prefix}/users`,
      { schema: { tags, params, response: { 200: pageOf(membershipSchema) } } },
      (req) => inScope(req, (ctx) => access.listUsers(ctx)),
    );
    app.patch(
      `${prefix}/users/:membershipId`,
      {
        schema: {
          tags,
          params: params.extend(membershipParams.shape),
          body: updateMembershipBody,
          response: { 200: membershipSchema },
        },
      },
      (req) => inScope(req, (ctx) => access.updateUser(ctx, req.params.membershipId, req.body)),
    );
    app.delete(
      `${prefix}/users/:membershipId`,
      { schema: { tags, params: params.extend(membershipParams.shape), response: noContent } },
      async (req, reply) =>
        reply
          .status(204)
          .send(
            await inScope(req, (ctx) => access.removeUser(ctx, req.params.membershipId)).then(() => null),
          ),
    );

    app.get(
      `${prefix}/invitations`,
      {
        schema: {
          tags,
          params,
          querystring: listInvitationsQuery,
          response: { 200: pageOf(invitationSchema) },
        },
      },
      (req) => inScope(req, (ctx) => access.listInvitations(ctx, req.query)),
    );
    app.post(
      `${prefix}/invitations`,
      { schema: { tags, params, body: createInvitationBody, response: { 201: invitationSchema } } },
      async (req, reply) => reply.status(201).send(await inScope(req, (ctx) => access.invite(ctx, req.body))),
    );
    app.post(
      `${prefix}/invitations/:invitationId/revoke`,
      {
        schema: { tags, params: params.extend(invitationParams.shape), response: { 200: invitationSchema } },
      },
      (req) => inScope(req, (ctx) => access.revokeInvitation(ctx, req.params.invitationId)),
    );
  }
}

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
    {
      schema: {
        tags: ['access'],
        summary: 'Who I am and where I belong',
        description:
          'The signed-in person, every agency and sub-account they belong to, and the permissions they hold in each, exactly as request scoping computes them. Sessions only: an API key has no profile.',
        response: { 200: meSchema },
      },
    },
    (req) => access.me(requirePrincipal(req)),
  );
  app.get(
    '/api/v1/permissions',
    {
      schema: {
        summary: 'The permission catalogue',
        description:
          'Every resource and the five actions (create, read, update, delete, approve) roles are made of, with the level (agency or sub-account) each resource belongs to. Any signed-in caller.',
        tags: ['access'],
        response: { 200: permissionCatalogue },
      },
    },
    async (req) => {
      requirePrincipal(req);
      return access.permissionCatalogue();
    },
  );
  app.get(
    '/api/v1/invitations/:token',
    {
      schema: {
        tags: ['access'],
        summary: 'What an invitation link offers',
        description:
          'Public: who invited whom, to which agency or sub-account and role, and whether an account already exists for the email, so the page can ask for a password or for a name and a new password. An unknown, used, revoked or expired link answers 404 or 409.',
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
        tags: ['access'],
        summary: 'Accept an invitation and log in',
        description:
          "Public. A new email creates the account (name and password required); an existing account proves itself with its password, unless the request carries the invitee's own session. API keys prove nothing here. Adds the membership, marks the invitation accepted and starts a session (cookie).",
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
    const { prefix, params } = scope;
    const tags = ['access'];

    app.get(
      `${prefix}/roles`,
      {
        schema: {
          summary: 'List roles',
          description:
            'The built-in roles copied into the agency and the custom roles of this agency or sub-account, each with its permissions. Needs `roles:read`.',
          tags,
          params,
          response: { 200: pageOf(roleSchema) },
        },
      },
      (req) => inScope(req, (ctx) => access.listRoles(ctx)),
    );
    app.post(
      `${prefix}/roles`,
      {
        schema: {
          summary: 'Create a custom role',
          description:
            'A named set of permissions. A sub-account role holds sub-account permissions only, and nobody puts into a role a permission they do not hold themselves. Needs `roles:create`.',
          tags,
          params,
          body: createRoleBody,
          response: { 201: roleSchema },
        },
      },
      async (req, reply) =>
        reply.status(201).send(await inScope(req, (ctx) => access.createRole(ctx, req.body))),
    );
    app.patch(
      `${prefix}/roles/:roleId`,
      {
        schema: {
          summary: 'Change a custom role',
          description:
            "Renames it or replaces its permissions (within the caller's own). Built-in roles cannot be changed: create a custom role instead. Needs `roles:update`.",
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
      {
        schema: {
          summary: 'Delete a custom role',
          description:
            'Refused with 409 while people, invitations or API keys hold it. Needs `roles:delete`.',
          tags,
          params: params.extend(roleParams.shape),
          response: noContent,
        },
      },
      async (req, reply) =>
        reply
          .status(204)
          .send(await inScope(req, (ctx) => access.deleteRole(ctx, req.params.roleId)).then(() => null)),
    );

    app.get(
      `${prefix}/users`,
      {
        schema: {
          summary: 'List people',
          description:
            'Everyone with a membership here, with their role, status and (in a sub-account) granted and revoked permissions. Needs `users:read`.',
          tags,
          params,
          response: { 200: pageOf(membershipSchema) },
        },
      },
      (req) => inScope(req, (ctx) => access.listUsers(ctx)),
    );
    app.patch(
      `${prefix}/users/:membershipId`,
      {
        schema: {
          summary: "Change a person's role, permissions or status",
          description:
            "Nobody changes themselves; one changes only people whose permissions are all within one's own, grants (or lifts a revocation of) only permissions one holds, and an agency keeps an active owner. Needs `users:update`.",
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
      {
        schema: {
          summary: 'Remove a person',
          description:
            "Ends their membership here (the account stays). Only people whose permissions are within the caller's; an agency keeps an active owner. Needs `users:delete`.",
          tags,
          params: params.extend(membershipParams.shape),
          response: noContent,
        },
      },
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
          summary: 'List invitations',
          description:
            'Newest first, with their status (pending, accepted, revoked, expired). Needs `invitations:read`.',
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
      {
        schema: {
          summary: 'Invite someone by email',
          description:
            'Emails a link valid for 7 days to join with a role the caller could give. Needs `invitations:create`.',
          tags,
          params,
          body: createInvitationBody,
          response: { 201: invitationSchema },
        },
      },
      async (req, reply) => reply.status(201).send(await inScope(req, (ctx) => access.invite(ctx, req.body))),
    );
    app.post(
      `${prefix}/invitations/:invitationId/revoke`,
      {
        schema: {
          summary: 'Revoke an invitation',
          description: 'Its link stops working at once. Needs `invitations:delete`.',
          tags,
          params: params.extend(invitationParams.shape),
          response: { 200: invitationSchema },
        },
      },
      (req) => inScope(req, (ctx) => access.revokeInvitation(ctx, req.params.invitationId)),
    );
  }
}

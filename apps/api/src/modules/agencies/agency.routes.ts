import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { inScope } from '../../platform/access/access.ts';
import { pageOf } from '../../platform/http/pagination.ts';
import * as agencies from './agency.service.ts';
import { requirePrincipal } from '../../platform/auth/principal.ts';
import { agencyParams, subAccountParams } from '../../platform/http/schemas.ts';
import {
  listAgenciesQuery,
  agencySchema,
  createSubAccountBody,
  listSubAccountsQuery,
  subAccountSchema,
  updateAgencyBody,
  updateSubAccountBody,
} from './agency.schemas.ts';

export function registerAgencyRoutes(fastify: FastifyInstance): void {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const tags = ['agencies'];
  const agency = '/api/v1/agencies/:agencyId';
  const subAccount = '/api/v1/sub-accounts/:subAccountId';

  app.get(
    '/api/v1/agencies',
    {
      schema: {
        tags,
        summary: 'All agencies (platform administrators)',
        description:
          'Every agency on the platform, by name, with a search box. Platform administrators only.',
        querystring: listAgenciesQuery,
        response: { 200: pageOf(agencySchema) },
      },
    },
    (req) => agencies.listAllAgencies(requirePrincipal(req), req.query),
  );
  app.get(
    agency,
    {
      schema: {
        summary: 'Get the agency',
        description: 'Its name and branding. Needs `agency:read`.',
        tags,
        params: agencyParams,
        response: { 200: agencySchema },
      },
    },
    (req) => inScope(req, (ctx) => agencies.getAgency(ctx)),
  );
  app.patch(
    agency,
    {
      schema: {
        summary: 'Change the agency',
        description: 'Name and branding (white-label). Needs `agency:update`.',
        tags,
        params: agencyParams,
        body: updateAgencyBody,
        response: { 200: agencySchema },
      },
    },
    (req) => inScope(req, (ctx) => agencies.updateAgency(ctx, req.body)),
  );
  app.get(
    `${agency}/sub-accounts`,
    {
      schema: {
        summary: 'List sub-accounts',
        description:
          "The agency's client accounts by name, active or archived, with a search box. Needs `sub_accounts:read`.",
        tags,
        params: agencyParams,
        querystring: listSubAccountsQuery,
        response: { 200: pageOf(subAccountSchema) },
      },
    },
    (req) => inScope(req, (ctx) => agencies.listSubAccounts(ctx, req.query)),
  );
  app.post(
    `${agency}/sub-accounts`,
    {
      schema: {
        summary: 'Create a sub-account',
        description:
          'A new client account of the agency, with its time zone, default country and contact details. Needs `sub_accounts:create`.',
        tags,
        params: agencyParams,
        body: createSubAccountBody,
        response: { 201: subAccountSchema },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await inScope(req, (ctx) => agencies.createSubAccount(ctx, req.body))),
  );
  app.get(
    subAccount,
    {
      schema: {
        summary: 'Get a sub-account',
        description: 'Its settings. Anyone who reaches the sub-account may read them.',
        tags,
        params: subAccountParams,
        response: { 200: subAccountSchema },
      },
    },
    (req) => inScope(req, (ctx) => agencies.getSubAccount(ctx)),
  );
  app.patch(
    subAccount,
    {
      schema: {
        summary: "Change a sub-account's settings",
        description: 'Name, time zone, default country, contact details. Needs `settings:update`.',
        tags,
        params: subAccountParams,
        body: updateSubAccountBody,
        response: { 200: subAccountSchema },
      },
    },
    (req) => inScope(req, (ctx) => agencies.updateSubAccount(ctx, req.body)),
  );
  app.post(
    `${subAccount}/archive`,
    {
      schema: {
        summary: 'Archive a sub-account',
        description:
          'Its staff and API keys lose access; agency staff keep it, to restore it. Nothing is deleted. Needs `sub_accounts:delete`.',
        tags,
        params: subAccountParams,
        response: { 200: subAccountSchema },
      },
    },
    (req) => inScope(req, (ctx) => agencies.setSubAccountArchived(ctx, true)),
  );
  app.post(
    `${subAccount}/restore`,
    {
      schema: {
        summary: 'Restore an archived sub-account',
        description: 'Gives its staff and API keys their access back. Needs `sub_accounts:delete`.',
        tags,
        params: subAccountParams,
        response: { 200: subAccountSchema },
      },
    },
    (req) => inScope(req, (ctx) => agencies.setSubAccountArchived(ctx, false)),
  );
}

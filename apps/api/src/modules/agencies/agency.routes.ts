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
        querystring: listAgenciesQuery,
        response: { 200: pageOf(agencySchema) },
      },
    },
    (req) => agencies.listAllAgencies(requirePrincipal(req), req.query),
  );
  app.get(agency, { schema: { tags, params: agencyParams, response: { 200: agencySchema } } }, (req) =>
    inScope(req, (ctx) => agencies.getAgency(ctx)),
  );
  app.patch(
    agency,
    { schema: { tags, params: agencyParams, body: updateAgencyBody, response: { 200: agencySchema } } },
    (req) => inScope(req, (ctx) => agencies.updateAgency(ctx, req.body)),
  );
  app.get(
    `${agency}/sub-accounts`,
    {
      schema: {
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
      schema: { tags, params: agencyParams, body: createSubAccountBody, response: { 201: subAccountSchema } },
    },
    async (req, reply) =>
      reply.status(201).send(await inScope(req, (ctx) => agencies.createSubAccount(ctx, req.body))),
  );
  app.get(
    subAccount,
    { schema: { tags, params: subAccountParams, response: { 200: subAccountSchema } } },
    (req) => inScope(req, (ctx) => agencies.getSubAccount(ctx)),
  );
  app.patch(
    subAccount,
    {
      schema: {
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
    { schema: { tags, params: subAccountParams, response: { 200: subAccountSchema } } },
    (req) => inScope(req, (ctx) => agencies.setSubAccountArchived(ctx, true)),
  );
  app.post(
    `${subAccount}/restore`,
    { schema: { tags, params: subAccountParams, response: { 200: subAccountSchema } } },
    (req) => inScope(req, (ctx) => agencies.setSubAccountArchived(ctx, false)),
  );
}

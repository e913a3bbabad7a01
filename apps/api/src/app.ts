import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import {
  jsonSchemaTransform,
  jsonSchemaTransformObject,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import type { Config } from './platform/config/config.ts';
import { boundDatabase } from './platform/db/tenant.ts';
import { newId } from './platform/ids/ids.ts';
import {
  StaleAccessError,
  accessChangedSince,
  checkAccessNow,
  pendingAccessEpoch,
  principalForRequest,
} from './platform/auth/access-cache.ts';
import { principalKey, resolvePrincipal } from './platform/auth/principal.ts';
import { registerIdempotency } from './platform/http/idempotency.ts';
import { registerInputGuard } from './platform/http/input-guard.ts';
import { registerSameOriginCheck } from './platform/http/same-origin.ts';
import { metaSchema } from './platform/http/meta.schemas.ts';
import { sendProblem } from './platform/http/problem.ts';
import { AppError } from './platform/errors/app-error.ts';
import { API_GROUPS, principalResolvers, registerModuleRoutes } from './composition.ts';

export const WEB_DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../web/dist');

export type App = FastifyInstance;

/** Logs never carry credentials: these request and response fields are censored. */
const REDACT = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'res.headers["set-cookie"]',
];

export async function buildApp(
  config: Config,
  options: { logger?: boolean; logStream?: NodeJS.WritableStream } = {},
): Promise<App> {
  const { trustProxy } = config;
  const app = Fastify({
    logger:
      options.logger === false
        ? false
        : {
            level: config.logLevel,
            redact: REDACT,
            ...(options.logStream ? { stream: options.logStream } : {}),
          },
    bodyLimit: 1024 * 1024,
    // A hop count trusts that many proxies in front (Fastify's types only take it as a function).
    trustProxy:
      typeof trustProxy === 'number' ? (_address: string, hop: number) => hop < trustProxy : trustProxy,
    genReqId: (request) => {
      const incoming = request.headers['x-request-id'];
      return typeof incoming === 'string' && /^[\w.-]{1,100}$/.test(incoming) ? incoming : newId();
    },
    routerOptions: { ignoreTrailingSlash: true },
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler((error, request, reply) => sendProblem(error, request, reply));
  app.setNotFoundHandler((request, reply) => {
    const pathname = request.url.split('?')[0] ?? '';
    // Files (a stale /assets/x.js after a rebuild) are real 404s; only page paths get the app.
    const isFile = /\.[a-z0-9]+$/i.test(pathname);
    if (pathname.startsWith('/api/') || isFile || request.method !== 'GET' || !existsSync(WEB_DIST)) {
      return sendProblem(
        new AppError('not_found', `No route ${request.method} ${request.url.split('?')[0]}`),
        request,
        reply,
      );
    }
    // The dashboard routes on the client: any other GET gets the single-page app.
    return reply.type('text/html').sendFile('index.html', WEB_DIST);
  });

  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });

  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'https:'],
        frameSrc: ["'self'"],
        upgradeInsecureRequests: null,
      },
    },
  });
  await app.register(cookie);

  app.decorateRequest('principal', null);
  const resolveCaller = async (request: FastifyRequest) => {
    const principal = await resolvePrincipal(principalResolvers, request);
    request.principal = principal && principalForRequest(request, principal);
  };
  app.addHook('onRequest', async (request) => {
    if (request.url.startsWith('/api/')) await resolveCaller(request);
  });
  // A read whose deferred access check (platform/auth/access-cache.ts) found newer changes runs
  // again, for the caller as they are now; nothing of the first run was committed.
  app.addHook('onRoute', (route) => {
    const handler = route.handler as (
      this: FastifyInstance,
      ...args: [FastifyRequest, FastifyReply]
    ) => unknown;
    route.handler = async function (this: FastifyInstance, request: FastifyRequest, reply: FastifyReply) {
      try {
        return await handler.call(this, request, reply);
      } catch (error) {
        if (reply.sent) throw error;
        // A refusal made on cached access before any tenant transaction could check it (a
        // permission restored a moment ago) stands only if access has not changed since.
        const stale =
          error instanceof StaleAccessError ||
          (request.principal !== null && (await accessChangedSince(request.principal)));
        if (!stale) throw error;
        checkAccessNow(request);
        await resolveCaller(request);
        return handler.call(this, request, reply);
      }
    };
  });
  // Safe by construction: a deferred check that no tenant transaction made is a route that answered
  // for a caller it never verified. It fails loudly (every route is exercised by the HTTP suites).
  app.addHook('onSend', async (request, reply, payload) => {
    if (request.principal && pendingAccessEpoch(request.principal) !== undefined && reply.statusCode < 400) {
      throw new Error(
        `${request.method} ${request.routeOptions.url} answered without a tenant transaction for its caller: read through inScope`,
      );
    }
    return payload;
  });
  registerSameOriginCheck(app, config.publicUrl);

  await app.register(rateLimit, {
    max: config.rateLimitPerMinute,
    timeWindow: '1 minute',
    hook: 'preHandler',
    keyGenerator: (request) => (request.principal ? principalKey(request.principal) : `ip:${request.ip}`),
  });

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'OpenLevel API',
        version: '1',
        description:
          'Multi-tenant CRM and marketing automation. Authenticate with the session cookie from ' +
          'POST /api/v1/auth/login or with an API key: `Authorization: Bearer olk_...`. Errors are ' +
          'RFC 9457 problem+json. Lists use cursor pagination. POSTs accept an Idempotency-Key header.',
      },
      // One group per module, in the order a reader meets them; every operation's tag is one of these.
      tags: API_GROUPS.map(([name, description]) => ({ name, description })),
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'ol_session' },
          apiKey: { type: 'http', scheme: 'bearer' },
        },
      },
      security: [{ session: [] }, { apiKey: [] }],
    },
    transform: jsonSchemaTransform,
    // Schemas with a meta id become components, so the document's $refs resolve.
    transformObject: jsonSchemaTransformObject,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs', staticCSP: true });
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  registerInputGuard(app);
  registerIdempotency(app);

  app.get('/healthz', { schema: { hide: true } }, async () => ({ status: 'ok' }));
  app.get(
    '/api/v1/meta',
    {
      schema: {
        tags: ['meta'],
        summary: 'What this installation offers (for the dashboard)',
        description: "Public: the product's name and whether the Dev Outbox is on.",
        response: { 200: metaSchema },
      },
    },
    async () => ({ name: 'OpenLevel', devOutbox: config.email.provider === 'dev' }),
  );
  app.get('/readyz', { schema: { hide: true } }, async (_request, reply) => {
    try {
      await boundDatabase().raw.query('select 1 from schema_migrations limit 1');
      return { status: 'ready' };
    } catch {
      return reply.status(503).send({ status: 'not ready' });
    }
  });

  registerModuleRoutes(app, config);

  if (existsSync(WEB_DIST)) {
    await app.register(fastifyStatic, {
      root: WEB_DIST,
      prefix: '/',
      wildcard: false,
      index: ['index.html'],
    });
  }
  return app;
}

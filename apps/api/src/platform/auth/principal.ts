import type { FastifyRequest } from 'fastify';
import { AppError } from '../errors/app-error.ts';

/** Who is calling: a logged-in person, or an integration holding an API key. */
export type Principal =
  | {
      kind: 'user';
      userId: string;
      sessionId: string;
      email: string;
      name: string;
      isPlatformAdmin: boolean;
    }
  | {
      kind: 'api_key';
      apiKeyId: string;
      agencyId: string;
      subAccountId: string | null;
      roleId: string;
    };

/**
 * A resolver reads its own credential from the request (cookie, Authorization header) and returns
 * the principal, null when the credential is present but invalid, or undefined when absent.
 * Modules declare theirs in their manifest (identity: sessions; api-keys: keys), so the platform
 * does not reach into their tables; the composition root hands them to the app.
 */
export type PrincipalResolver = (request: FastifyRequest) => Promise<Principal | null | undefined>;

/** The first resolver that finds its credential decides; no credential at all is null. */
export async function resolvePrincipal(
  resolvers: readonly PrincipalResolver[],
  request: FastifyRequest,
): Promise<Principal | null> {
  for (const resolve of resolvers) {
    const principal = await resolve(request);
    if (principal !== undefined) return principal;
  }
  return null;
}

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null;
  }
}

export function requirePrincipal(request: FastifyRequest): Principal {
  if (!request.principal) {
    throw new AppError(
      'unauthenticated',
      "Log in first, or send an API key as 'Authorization: Bearer olk_...'",
    );
  }
  return request.principal;
}

export function requireUser(request: FastifyRequest): Extract<Principal, { kind: 'user' }> {
  const principal = requirePrincipal(request);
  if (principal.kind !== 'user')
    throw new AppError('forbidden', 'This endpoint is for logged-in people, not API keys');
  return principal;
}

/** A stable string per caller, for idempotency keys and rate limits. */
export function principalKey(principal: Principal): string {
  return principal.kind === 'user' ? `user:${principal.userId}` : `api_key:${principal.apiKeyId}`;
}

import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from '../errors/app-error.ts';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Whether a browser says this request comes from one of our own pages. Browsers send `Origin` on
 * every unsafe request and `Sec-Fetch-Site` on all of them; clients other than browsers send
 * neither, and carry no ambient cookie an attacker's page could ride on.
 */
function fromOwnPage(request: FastifyRequest, publicOrigin: string): boolean {
  const origin = request.headers.origin;
  if (origin !== undefined) {
    return origin === publicOrigin || origin === `${request.protocol}://${request.host}`;
  }
  const site = request.headers['sec-fetch-site'];
  return site === undefined || site === 'same-origin' || site === 'none';
}

/**
 * Cross-site request forgery: SameSite=Lax keeps the session cookie off cross-site POSTs in
 * today's browsers, but not off same-site ones (a sibling subdomain) nor in every browser. An
 * unsafe request authenticated by the session cookie must also come from our own origin.
 */
export function registerSameOriginCheck(app: FastifyInstance, publicUrl: string): void {
  const publicOrigin = new URL(publicUrl).origin;
  app.addHook('onRequest', async (request) => {
    if (SAFE_METHODS.has(request.method) || request.principal?.kind !== 'user') return;
    if (!fromOwnPage(request, publicOrigin)) {
      throw new AppError(
        'forbidden',
        `This change was sent from another site (${request.headers.origin ?? 'cross-site'}); ` +
          `make it from OpenLevel itself at ${publicOrigin}`,
      );
    }
  });
}

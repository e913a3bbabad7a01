import type { FastifyInstance } from 'fastify';
import { registerCreateAgencyRoutes } from './create-agency.routes.ts';
import { registerMergeContactsRoutes } from './merge-contacts.routes.ts';

/**
 * Writes that span several modules, composed above them in one transaction (merging contacts,
 * creating an agency): no module imports a use case. Registered by the composition root (app.ts).
 */
export function registerUseCases(app: FastifyInstance): void {
  registerCreateAgencyRoutes(app);
  registerMergeContactsRoutes(app);
}

import { defineModule } from '../platform/modules/manifest.ts';
import { registerCreateAgencyRoutes } from './create-agency.routes.ts';
import { registerMergeContactsRoutes } from './merge-contacts.routes.ts';

/**
 * Writes that span several modules, composed above them in one transaction (merging contacts,
 * creating an agency): no module imports a use case. Their routes join their modules' groups.
 */
export const useCasesModule = defineModule({
  name: 'use-cases',
  routes(app) {
    registerCreateAgencyRoutes(app);
    registerMergeContactsRoutes(app);
  },
});

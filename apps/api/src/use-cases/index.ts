import { defineModule } from '../platform/modules/manifest.ts';
import { registerCreateAgencyRoutes } from './create-agency.routes.ts';
import { registerMergeContactsRoutes } from './merge-contacts.routes.ts';
import { registerRemovePipelinePartsRoutes } from './remove-pipeline-parts.routes.ts';

/**
 * Writes that span several modules, composed above them in one transaction (merging contacts,
 * creating an agency, removing a pipeline, stage or lost reason with the cards in them): no module imports a use case. Their routes join their modules' groups.
 */
export const useCasesModule = defineModule({
  name: 'use-cases',
  routes(app) {
    registerCreateAgencyRoutes(app);
    registerMergeContactsRoutes(app);
    registerRemovePipelinePartsRoutes(app);
  },
});

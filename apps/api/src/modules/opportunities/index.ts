import { defineModule } from '../../platform/modules/manifest.ts';
import { registerOpportunityRoutes } from './opportunity.routes.ts';
import { registerPipelineMetricsRoutes } from './pipeline-metrics.routes.ts';
import { opportunityEvents } from './opportunity.events.ts';
export { contactOpportunityHistory, moveToContact, opportunityContactId } from './opportunity.service.ts';
export { type Parent, type ParentRef, resolveParent } from './opportunity-parent.ts';
export { opportunityEvents } from './opportunity.events.ts';
export { pipelineCards } from './opportunity-cards.service.ts';

/** What the opportunities module brings to the product (see composition.ts). */
export const opportunitiesModule = defineModule({
  name: 'opportunities',
  api: {
    group: 'opportunities',
    description: 'Deals moving through a pipeline: the board, history, bulk changes.',
  },
  // The pipeline metrics are reports over the cards (tagged in the pipelines group).
  routes(app) {
    registerOpportunityRoutes(app);
    registerPipelineMetricsRoutes(app);
  },
  events: opportunityEvents,
});

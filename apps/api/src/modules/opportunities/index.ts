export { registerOpportunityRoutes } from './opportunity.routes.ts';
export { contactOpportunityHistory, moveToContact, opportunityContactId } from './opportunity.service.ts';
export { type Parent, type ParentRef, resolveParent } from './opportunity-parent.ts';
export { opportunityEvents } from './opportunity.events.ts';

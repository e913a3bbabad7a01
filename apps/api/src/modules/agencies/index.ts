export { createAgency, listAllSubAccounts, namesOf, subAccountSettings } from './agency.service.ts';
export { registerAgencyRoutes } from './agency.routes.ts';
export { agencyEvents } from './agency.events.ts';

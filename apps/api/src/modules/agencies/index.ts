export {
  listAllSubAccounts,
  namesOf,
  openAgency,
  type OpenAgencyInput,
  requirePlatformAdmin,
  subAccountSettings,
} from './agency.service.ts';
export { agencySchema, createAgencyBody, type AgencyView, type CreateAgencyBody } from './agency.schemas.ts';
export { registerAgencyRoutes } from './agency.routes.ts';
export { agencyEvents } from './agency.events.ts';

// The rebuild job and the contacts.* subscriber register themselves on import.
import './smart-list.tasks.ts';

export { registerSmartListRoutes } from './smart-list.routes.ts';
export { reevaluateContacts } from './smart-list.service.ts';
export { smartListSchema, type SmartListView } from './smart-list.schemas.ts';
export { smartListEvents } from './smart-list.events.ts';

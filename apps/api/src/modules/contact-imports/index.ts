// The import job registers itself on import.
import './contact-import.tasks.ts';

export { registerContactImportRoutes } from './contact-import.routes.ts';
export { runImport } from './contact-import.tasks.ts';
export { contactImportEvents } from './contact-import.events.ts';

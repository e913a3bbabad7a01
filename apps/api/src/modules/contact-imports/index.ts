import { defineModule } from '../../platform/modules/manifest.ts';
import { registerContactImportRoutes } from './contact-import.routes.ts';
import { contactImportEvents } from './contact-import.events.ts';
import { runImportJob } from './contact-import.tasks.ts';
export { runImport } from './contact-import.tasks.ts';
export { contactImportEvents } from './contact-import.events.ts';

/** What the contact-imports module brings to the product (see composition.ts). */
export const contactImportsModule = defineModule({
  name: 'contact-imports',
  api: {
    group: 'contact imports',
    description: 'CSV imports with column mapping, duplicate handling and an error report.',
  },
  routes: registerContactImportRoutes,
  events: contactImportEvents,
  jobs: [runImportJob],
});

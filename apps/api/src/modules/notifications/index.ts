import { defineModule } from '../../platform/modules/manifest.ts';
import { bindEmailProvider, sendEmailJob } from './email.tasks.ts';
export { queueEmail, type QueuedEmail } from './email.tasks.ts';

/** What the notifications module brings to the product (see composition.ts). */
export const notificationsModule = defineModule({
  name: 'notifications',
  jobs: [sendEmailJob],
  useProviders: ({ email }) => bindEmailProvider(email),
});

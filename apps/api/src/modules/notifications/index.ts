export { bindEmailProvider, queueEmail, type QueuedEmail } from './email.tasks.ts';

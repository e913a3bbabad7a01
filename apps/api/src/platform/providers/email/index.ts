export { createEmailProvider } from './email.factory.ts';
export { createDevEmailProvider } from './dev.adapter.ts';
export { createSmtpEmailProvider, smtpTransportOptions } from './smtp.adapter.ts';
export { IDEMPOTENCY_HEADER } from './email.provider.ts';
export type { EmailMessage, EmailProvider } from './email.provider.ts';
export type { DevEmailProviderOptions, DevOutbox, DevOutboxDelivery } from './dev.adapter.ts';
export type { SmtpEmailProviderOptions } from './smtp.adapter.ts';

import { deliverToDevOutbox } from '../../../modules/dev-outbox/index.ts';
import { assertSendable, type EmailProvider } from './email.provider.ts';

export type DevEmailProviderOptions = {
  /** Default From. */
  from: string;
};

/** Keeps each message in the Dev Outbox; a retried send (same idempotency key) lands once. */
export function createDevEmailProvider(options: DevEmailProviderOptions): EmailProvider {
  return {
    name: 'dev',
    async send(message) {
      assertSendable(message);
      const { id } = await deliverToDevOutbox({
        channel: 'email',
        idempotencyKey: message.idempotencyKey,
        fromAddress: message.from ?? options.from,
        toAddress: message.to,
        subject: message.subject,
        textBody: message.text,
        htmlBody: message.html,
        metadata: message.metadata,
        sender: message.sender,
      });
      return { providerMessageId: id };
    },
    async close() {},
  };
}

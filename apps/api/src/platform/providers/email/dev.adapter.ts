import { assertSendable, type EmailProvider } from './email.provider.ts';

/** A message as the Dev Outbox keeps it. */
export type DevOutboxDelivery = {
  channel: 'email';
  idempotencyKey?: string | undefined;
  fromAddress: string;
  toAddress: string;
  subject?: string | undefined;
  textBody: string;
  htmlBody?: string | undefined;
  metadata?: Record<string, unknown> | undefined;
  sender?: { agencyId: string; subAccountId?: string | undefined } | undefined;
};

/**
 * Where the dev adapter keeps messages: `deliverToDevOutbox` of modules/dev-outbox, handed in by
 * the composition root (runtime.ts, main.ts worker), since platform/ imports no module.
 */
export type DevOutbox = { deliver(message: DevOutboxDelivery): Promise<{ id: string }> };

export type DevEmailProviderOptions = {
  /** Default From. */
  from: string;
  outbox: DevOutbox;
};

/** Keeps each message in the Dev Outbox; a retried send (same idempotency key) lands once. */
export function createDevEmailProvider(options: DevEmailProviderOptions): EmailProvider {
  return {
    name: 'dev',
    async send(message) {
      assertSendable(message);
      const { id } = await options.outbox.deliver({
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

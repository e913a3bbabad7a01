import { createHash, randomUUID } from 'node:crypto';
import nodemailer from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport/index.js';
import {
  assertSendable,
  type EmailMessage,
  type EmailProvider,
  IDEMPOTENCY_HEADER,
} from './email.provider.ts';

export type SmtpEmailProviderOptions = {
  /** smtp://user:pass@host:port (STARTTLS when offered) or smtps://... (TLS from the start). */
  url: string;
  /** Default From, e.g. `OpenLevel <no-reply@example.com>`. */
  from: string;
};

/** Parses SMTP_URL into nodemailer options, with errors that say what a valid URL looks like. */
export function smtpTransportOptions(url: string): SMTPTransport.Options {
  const example = 'e.g. smtp://user:pass@mail.example.com:587 or smtps://user:pass@mail.example.com:465';
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error(`SMTP_URL is not a URL (${example})`);
  }
  if (parsed.protocol !== 'smtp:' && parsed.protocol !== 'smtps:') {
    throw new Error(`SMTP_URL must start with smtp:// or smtps:// (${example})`);
  }
  if (!parsed.hostname) throw new Error(`SMTP_URL needs a host (${example})`);
  const secure = parsed.protocol === 'smtps:';
  return {
    host: parsed.hostname,
    port: parsed.port ? Number(parsed.port) : secure ? 465 : 587,
    secure,
    // Passwords with reserved characters arrive percent-encoded in the URL.
    auth: parsed.username
      ? { user: decodeURIComponent(parsed.username), pass: decodeURIComponent(parsed.password) }
      : undefined,
    // Bounded so a stuck relay fails the send (and the job retries) instead of hanging a worker.
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
    socketTimeout: 60_000,
  };
}

function domainOf(address: string): string {
  const match = /@([^\s>]+)>?\s*$/.exec(address);
  return match?.[1] ?? 'openlevel.local';
}

/**
 * A stable Message-ID per idempotency key: if a send is retried after the relay accepted it but
 * before we recorded that, receivers and relays that dedupe on Message-ID see one message.
 */
function messageIdFor(message: EmailMessage, from: string): string {
  const local = message.idempotencyKey
    ? createHash('sha256').update(message.idempotencyKey).digest('hex').slice(0, 32)
    : randomUUID();
  return `<${local}@${domainOf(from)}>`;
}

export function createSmtpEmailProvider(options: SmtpEmailProviderOptions): EmailProvider {
  const transport = nodemailer.createTransport(smtpTransportOptions(options.url));
  return {
    name: 'smtp',
    async send(message) {
      assertSendable(message);
      const from = message.from ?? options.from;
      const messageId = messageIdFor(message, from);
      const info = await transport.sendMail({
        from,
        to: message.to,
        subject: message.subject,
        text: message.text,
        html: message.html,
        messageId,
        headers: message.idempotencyKey ? { [IDEMPOTENCY_HEADER]: message.idempotencyKey } : {},
      });
      if (info.rejected.length > 0) {
        throw new Error(`SMTP relay rejected ${info.rejected.join(', ')}: ${info.response}`);
      }
      return { providerMessageId: info.messageId || messageId };
    },
    async close() {
      transport.close();
    },
  };
}

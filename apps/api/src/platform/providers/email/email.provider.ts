/**
 * Outbound email, whatever carries it. Adapters: `smtp` (nodemailer, any SMTP relay) and `dev`
 * (kept in the Dev Outbox, the embedded default).
 */
export type EmailMessage = {
  /** One recipient, a bare address or `Name <address>`. */
  to: string;
  /** Defaults to the configured EMAIL_FROM. */
  from?: string | undefined;
  subject: string;
  text: string;
  html?: string | undefined;
  /**
   * Same key = same message: set it per workflow step or per invitation so a retried send is
   * delivered once (the dev adapter dedupes on it; SMTP carries it as a header and in Message-ID).
   */
  idempotencyKey?: string | undefined;
  /**
   * The agency (and sub-account) on whose behalf it is sent; absent for platform mail (password
   * resets). The Dev Outbox shows a message only to its sender's staff.
   */
  sender?: { agencyId: string; subAccountId?: string | undefined } | undefined;
  /** Context for the Dev Outbox and logs (template, contact id...); never sent to the recipient. */
  metadata?: Record<string, unknown> | undefined;
};

export type EmailProvider = {
  readonly name: 'dev' | 'smtp';
  send(message: EmailMessage): Promise<{ providerMessageId: string }>;
  /** Releases connections; the provider cannot send afterwards. */
  close(): Promise<void>;
};

/** The header that carries EmailMessage.idempotencyKey over SMTP. */
export const IDEMPOTENCY_HEADER = 'X-Idempotency-Key';

// Header values must stay on one line: a CR or LF here would let a caller inject headers.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/;

/** Checks what every adapter relies on; throws with a message naming the field. */
export function assertSendable(message: EmailMessage): void {
  if (!message.to.trim()) throw new Error('Email needs a recipient (to)');
  for (const [field, value] of [
    ['to', message.to],
    ['from', message.from],
    ['subject', message.subject],
    ['idempotencyKey', message.idempotencyKey],
  ] as const) {
    if (value !== undefined && CONTROL_CHARACTERS.test(value)) {
      throw new Error(`Email ${field} must be one line without control characters`);
    }
  }
}

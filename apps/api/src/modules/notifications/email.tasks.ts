import { open, seal } from '../../platform/crypto/secrets.ts';
import { defineJob } from '../../platform/jobs/job-handlers.ts';
import { sendJob } from '../../platform/jobs/job-queue.ts';
import type { EmailMessage, EmailProvider } from '../../platform/providers/email/index.ts';

/** Sealed so invitation and reset links never sit in the job table in clear text. */
type SendEmailJob = { tenantId: string; sealed: string };

const PLATFORM_TENANT = 'platform';

let provider: EmailProvider | undefined;

/** Set at start-up from EMAIL_PROVIDER (dev outbox or SMTP). */
export function bindEmailProvider(emailProvider: EmailProvider | undefined): void {
  provider = emailProvider;
}

export type QueuedEmail = Omit<EmailMessage, 'from'>;

/**
 * Queues an email in the current transaction: it is sent if and only if the transaction commits,
 * and a retried job sends it once (the idempotency key travels with it).
 */
export async function queueEmail(email: QueuedEmail): Promise<void> {
  const tenantId = email.sender?.agencyId ?? PLATFORM_TENANT;
  await sendJob<SendEmailJob>('emails.send', { tenantId, sealed: seal(JSON.stringify(email), tenantId) });
}

export const sendEmailJob = defineJob<SendEmailJob>(
  'emails.send',
  async (job) => {
    if (!provider) throw new Error('No email provider bound in this worker');
    const message = JSON.parse(open(job.data.sealed, job.data.tenantId)) as EmailMessage;
    await provider.send({
      ...message,
      idempotencyKey: message.idempotencyKey ?? `job:${job.idempotencyKey}`,
    });
  },
  { queue: { retryLimit: 8, retryDelay: 5, retryBackoff: true } },
);

import type { Config } from '../../config/config.ts';
import { createDevEmailProvider } from './dev.adapter.ts';
import type { EmailProvider } from './email.provider.ts';
import { createSmtpEmailProvider } from './smtp.adapter.ts';

/** The adapter EMAIL_PROVIDER names; loadConfig has already required SMTP_URL for smtp. */
export function createEmailProvider(config: Pick<Config, 'email'>): EmailProvider {
  const { provider, smtpUrl, from } = config.email;
  if (provider === 'smtp') {
    if (!smtpUrl)
      throw new Error('EMAIL_PROVIDER=smtp needs SMTP_URL, e.g. smtp://user:pass@mail.example.com:587');
    return createSmtpEmailProvider({ url: smtpUrl, from });
  }
  return createDevEmailProvider({ from });
}

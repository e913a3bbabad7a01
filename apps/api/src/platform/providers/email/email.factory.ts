import type { Config } from '../../config/config.ts';
import { createDevEmailProvider, type DevOutbox } from './dev.adapter.ts';
import type { EmailProvider } from './email.provider.ts';
import { createSmtpEmailProvider } from './smtp.adapter.ts';

/**
 * The adapter EMAIL_PROVIDER names; loadConfig has already required SMTP_URL for smtp. `devOutbox`
 * is where the dev adapter keeps messages (the Dev Outbox module, from the composition root).
 */
export function createEmailProvider(
  config: Pick<Config, 'email'>,
  deps: { devOutbox: DevOutbox },
): EmailProvider {
  const { provider, smtpUrl, from } = config.email;
  if (provider === 'smtp') {
    if (!smtpUrl)
      throw new Error('EMAIL_PROVIDER=smtp needs SMTP_URL, e.g. smtp://user:pass@mail.example.com:587');
    return createSmtpEmailProvider({ url: smtpUrl, from });
  }
  return createDevEmailProvider({ from, outbox: deps.devOutbox });
}

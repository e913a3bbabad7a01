import { z } from 'zod';

/**
 * The two tenant levels a management endpoint can live at. Modules that serve both register the
 * same route under each prefix; `inScope` resolves whichever id the path carries.
 */
export const SCOPES = [
  {
    level: 'agency' as const,
    prefix: '/api/v1/agencies/:agencyId',
    params: z.object({ agencyId: z.uuid({ error: 'must be a UUID' }) }),
  },
  {
    level: 'sub_account' as const,
    prefix: '/api/v1/sub-accounts/:subAccountId',
    params: z.object({ subAccountId: z.uuid({ error: 'must be a UUID' }) }),
  },
];

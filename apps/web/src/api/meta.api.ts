import { request } from './client.ts';

import type { Meta } from './contract.ts';

/** What this installation offers, for the dashboard to show or hide. */
export type { Meta };

export const metaApi = {
  get: () => request<Meta>('/api/v1/meta'),
};

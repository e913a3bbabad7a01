import { request } from './client.ts';

/** What this installation offers, for the dashboard to show or hide. */
export type Meta = { name: string; devOutbox: boolean };

export const metaApi = {
  get: () => request<Meta>('/api/v1/meta'),
};

import { api, type ApiResponse } from './client.ts';

/** What this installation offers, for the dashboard to show or hide. */
export type Meta = ApiResponse<'/api/v1/meta', 'get'>;

export const metaApi = {
  get: () => api.get('/api/v1/meta'),
};

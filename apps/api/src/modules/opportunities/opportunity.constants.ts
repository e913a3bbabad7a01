/**
 * The values an opportunity's fields may hold, as constants: the tables CHECK them, the schemas validate them, and
 * the dashboard's forms import them (through the API's schemas) without any server code.
 */
export const OPPORTUNITY_STATUSES = ['open', 'won', 'lost', 'abandoned'] as const;
export type OpportunityStatus = (typeof OPPORTUNITY_STATUSES)[number];

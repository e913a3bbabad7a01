/**
 * The values a contact's fields may hold, as constants: the tables CHECK them, the schemas validate them, and
 * the dashboard's forms import them (through the API's schemas) without any server code.
 */
export const CONSENT_CHANNELS = ['sms', 'imessage', 'email', 'whatsapp', 'calls'] as const;
export type ConsentChannel = (typeof CONSENT_CHANNELS)[number];

/**
 * The values a custom field definition may hold, as constants: the tables CHECK them, the schemas validate them, and
 * the dashboard's forms import them (through the API's schemas) without any server code.
 */
export const CUSTOM_FIELD_TYPES = [
  'text',
  'long_text',
  'number',
  'money',
  'date',
  'datetime',
  'boolean',
  'single_select',
  'multi_select',
  'phone',
  'email',
  'url',
] as const;
export type CustomFieldType = (typeof CUSTOM_FIELD_TYPES)[number];

/** The records custom fields extend. */
export const OBJECT_TYPES = ['contact', 'opportunity'] as const;
export type ObjectType = (typeof OBJECT_TYPES)[number];

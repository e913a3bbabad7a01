/**
 * Forms (`@mantine/form`) whose rules are the API's: the values are turned into the body they will
 * be sent as, and that body is checked with the API's own zod schema before any request, so a
 * field shows the very message the API would answer. Whatever the API still refuses (a taken
 * name, a permission) comes back as problem+json and lands beside the same fields.
 */
import type { FormErrors, UseFormReturnType } from '@mantine/form';
import type { ZodType } from 'zod';
import { ApiError, type FieldError } from '../api/client.ts';

/**
 * The names of a form's fields, as `@mantine/form` paths: its keys, and the keys inside nested
 * objects and lists (`customFields.color`, `stages.0.name`).
 */
export function fieldNames(values: object, prefix = ''): string[] {
  return Object.entries(values).flatMap(([key, value]) => {
    const name = prefix + key;
    const nested = value !== null && typeof value === 'object' ? fieldNames(value, `${name}.`) : [];
    return [name, ...nested];
  });
}

/**
 * Where the body's fields sit in the form, when the form names one differently
 * (`{ commissionRateBps: 'rate' }`) or holds it only once it has a value (`customFields.budget`).
 */
export type FieldNames = Record<string, string>;

/**
 * Puts each message on the form field it is about: the field of that name, else the field named
 * like the end of its path (`whiteLabel.primaryColor` is the `primaryColor` field), after the
 * form's own names for body fields. A message no field claims is left to the API, whose answer
 * shows it above the form.
 */
export function placeFieldErrors(
  fields: string[],
  errors: FieldError[],
  renamed: FieldNames = {},
): FormErrors {
  const placed: FormErrors = {};
  for (const error of errors) {
    const last = error.field.split('.').pop() ?? error.field;
    const field =
      renamed[error.field] ??
      renamed[last] ??
      (fields.includes(error.field) ? error.field : fields.find((f) => error.field.endsWith(`.${f}`)));
    if (field && placed[field] === undefined) placed[field] = error.message;
  }
  return placed;
}

/** `validate` for `useForm`: the body the values become, checked by the API's schema. */
export function validateAs<Values extends object>(
  schema: ZodType,
  toBody: (values: Values) => unknown,
  renamed?: FieldNames,
) {
  return (values: Values): FormErrors => {
    const result = schema.safeParse(toBody(values));
    if (result.success) return {};
    const issues = result.error.issues.map((issue) => ({
      field: issue.path.join('.'),
      message: issue.message,
    }));
    return placeFieldErrors(fieldNames(values), issues, renamed);
  };
}

/** After a refused request: the API's field messages beside their inputs. */
export function showApiErrors<Values extends object>(
  form: UseFormReturnType<Values>,
  error: unknown,
  renamed?: FieldNames,
): void {
  if (error instanceof ApiError)
    form.setErrors(placeFieldErrors(fieldNames(form.getValues()), error.fieldErrors, renamed));
}

/** The text of an input as the API takes it: trimmed, and null when empty (clears the field). */
export const orNull = (text: string): string | null => text.trim() || null;

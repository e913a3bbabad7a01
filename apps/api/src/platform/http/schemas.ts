/**
 * Schema helpers every module's `<x>.schemas.ts` and routes share, so no module takes them from
 * another (docs/decisions/0009-module-boundaries.md).
 */
import { z } from 'zod';

export { pageQuery, pageOf, type PageQuery } from './pagination.ts';

/** Unknown keys are refused by name, so a misspelt field is never silently dropped. */
export const strict = <T extends z.ZodRawShape>(shape: T) =>
  z.strictObject(shape, {
    error: (issue) =>
      issue.code === 'unrecognized_keys'
        ? `unknown field ${issue.keys.map((k) => `'${k}'`).join(', ')}; remove it or check its spelling`
        : undefined,
  });

/** Path parameters that are ids: `idParams('contactId')` is `{ contactId: uuid }`. */
export const idParams = <const K extends string>(...names: K[]) =>
  z.object(
    Object.fromEntries(names.map((name) => [name, z.uuid({ error: 'must be a UUID' })])) as {
      [P in K]: z.ZodUUID;
    },
  );

/** The tenant in the path: `/api/v1/agencies/:agencyId/...`, `/api/v1/sub-accounts/:subAccountId/...`. */
export const agencyParams = idParams('agencyId');
export const subAccountParams = idParams('subAccountId');

/** The ids other modules' routes nest under: `/contacts/:contactId/notes`, `/opportunities/:opportunityId/tasks`. */
export const contactParams = idParams('contactId');
export const opportunityParams = idParams('opportunityId');

/**
 * A sum of amounts (a column's total, a forecast, a roll-up): an exact integer of minor units in a
 * decimal string, since sums of values up to the largest monetary value exceed the largest exact
 * JSON number. Every sum the API answers uses this one schema.
 */
export const moneySum = z
  .string()
  .regex(/^-?\d+$/)
  .describe(
    'Exact sum in minor units, as a decimal string (e.g. "18014398509481982"): sums can exceed the largest exact JSON number',
  );

import { randomUUID } from 'node:crypto';

/** The subset of JSON Schema that the OpenAPI document generated from our zod schemas uses. */
export type JsonSchema = {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  additionalProperties?: JsonSchema | boolean;
  propertyNames?: JsonSchema;
  required?: string[];
  items?: JsonSchema;
  enum?: unknown[];
  const?: unknown;
  format?: string;
  minLength?: number;
  minItems?: number;
  minimum?: number;
  maximum?: number;
  maxLength?: number;
  pattern?: string;
  $ref?: string;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  default?: unknown;
};

/**
 * A minimal body that passes a route's request schema: required properties only, each with a
 * plausible value of its type. Lets suites call every route of the OpenAPI document without a
 * hand-written body per route.
 */
export function minimalValue(
  schema: JsonSchema | undefined,
  name = '',
  /** Ids to use for uuid fields of these names (real rows make a body pass further than random ids). */
  ids: Record<string, string> = {},
): unknown {
  if (!schema) return {};
  if (schema.const !== undefined) return schema.const;
  if (schema.enum) return schema.enum[0];
  const variants = schema.anyOf ?? schema.oneOf;
  if (variants) return minimalValue(variants.find((v) => v.type !== 'null') ?? variants[0], name, ids);
  if (schema.allOf?.[0]) return minimalValue(schema.allOf[0], name, ids);
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
  switch (type) {
    case 'object': {
      const body: Record<string, unknown> = {};
      for (const key of schema.required ?? []) body[key] = minimalValue(schema.properties?.[key], key, ids);
      return body;
    }
    case 'array':
      return Array.from({ length: schema.minItems ?? 0 }, () => minimalValue(schema.items, name, ids));
    case 'integer':
    case 'number':
      return schema.minimum ?? 1;
    case 'boolean':
      return false;
    case 'string':
      if (schema.format === 'email') return `probe-${randomUUID().slice(0, 8)}@example.com`;
      if (schema.format === 'uuid') return ids[name] ?? randomUUID();
      if (schema.format === 'date-time') return new Date(Date.now() + 86_400_000).toISOString();
      if (schema.format === 'uri') return 'https://example.com';
      return patterned(schema, `${name || 'value'}-probe`.padEnd(schema.minLength ?? 1, 'x'));
    default:
      return {};
  }
}

/**
 * A string for a schema with a pattern: the usual probe when it matches, else the first of a few
 * common shapes that does ('plan' is also the key of the custom field the fixtures define).
 */
function patterned(schema: JsonSchema, probe: string): string {
  if (!schema.pattern) return probe;
  const pattern = new RegExp(schema.pattern, 'u');
  return [probe, 'plan', 'probe', 'a', '0', 'A', 'USD'].find((c) => pattern.test(c)) ?? probe;
}

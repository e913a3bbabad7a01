// The indexing job registers itself on import.
import './custom-field.tasks.ts';

export { registerCustomFieldRoutes } from './custom-field.routes.ts';
export {
  applyCustomFieldDefaults,
  listCustomFields,
  validateCustomFieldValues,
  type ValidateCustomFieldValuesInput,
} from './custom-field.service.ts';
export {
  OBJECT_TYPES,
  customFieldSqlType,
  type CustomFieldSqlType,
  type ObjectType,
} from './custom-field.sql.ts';
export { syncCustomFieldIndex } from './custom-field.tasks.ts';
export type { CustomFieldView } from './custom-field.schemas.ts';

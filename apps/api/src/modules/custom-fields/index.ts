import { defineModule } from '../../platform/modules/manifest.ts';
import { registerCustomFieldRoutes } from './custom-field.routes.ts';
import { customFieldIndexJob } from './custom-field.tasks.ts';
export {
  applyCustomFieldDefaults,
  listCustomFields,
  validateCustomFieldValues,
  type ValidateCustomFieldValuesInput,
} from './custom-field.service.ts';
export { customFieldSqlType, type CustomFieldSqlType } from './custom-field.sql.ts';
export { OBJECT_TYPES, type ObjectType } from './custom-field.constants.ts';
export { syncCustomFieldIndex } from './custom-field.tasks.ts';
export type { CustomFieldView } from './custom-field.schemas.ts';

/** What the custom-fields module brings to the product (see composition.ts). */
export const customFieldsModule = defineModule({
  name: 'custom-fields',
  api: { group: 'custom fields', description: 'Typed fields of contacts and opportunities.' },
  routes: registerCustomFieldRoutes,
  jobs: [customFieldIndexJob],
});

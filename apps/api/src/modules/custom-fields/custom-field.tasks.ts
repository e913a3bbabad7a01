import { withSystem } from '../../platform/db/tenant.ts';
import { defineJob } from '../../platform/jobs/job-handlers.ts';
import * as repo from './custom-field.repository.ts';
import { INDEX_JOB, type IndexJob } from './custom-field.service.ts';
import {
  createIndexSql,
  createStatisticsSql,
  indexNameFor,
  OBJECT_TABLES,
  statisticsNameFor,
} from './custom-field.sql.ts';
import type { CustomFieldType, ObjectType } from './custom-field.constants.ts';

/**
 * Brings a definition's expression index in line with the definition as it now is: builds it for
 * a live filterable field, drops the one it had when the field was deleted, stopped being
 * filterable, or got a new key or type. Idempotent, so retries and duplicate jobs are harmless.
 * Runs as the system: index DDL needs the table's owner, which the runtime role is not.
 */
export async function syncCustomFieldIndex(job: IndexJob): Promise<string | null> {
  return withSystem(async () => {
    const definition = await repo.findDefinitionForIndexing(job.subAccountId, job.definitionId);
    if (!definition) return null;
    const shape = {
      id: definition.id,
      subAccountId: definition.subAccountId,
      objectType: definition.objectType as ObjectType,
      key: definition.key,
      type: definition.type as CustomFieldType,
    };
    const wanted = definition.filterable && definition.deletedAt === null ? indexNameFor(shape) : null;
    if (definition.indexName && definition.indexName !== wanted) {
      await repo.runDdl(`DROP INDEX IF EXISTS ${definition.indexName}`);
      await repo.runDdl(`DROP STATISTICS IF EXISTS ${statisticsNameFor(definition.indexName)}`);
    }
    if (wanted) {
      await repo.runDdl(createIndexSql(shape));
      await repo.runDdl(createStatisticsSql(shape));
      await repo.runDdl(`ANALYZE ${OBJECT_TABLES[shape.objectType]}`);
    }
    if (wanted !== definition.indexName)
      await repo.setIndexName(definition.subAccountId, definition.id, wanted);
    return wanted;
  });
}

export const customFieldIndexJob = defineJob<IndexJob>(
  INDEX_JOB,
  async (job) => {
    await syncCustomFieldIndex(job.data);
  },
  { queue: { retryLimit: 5, retryDelay: 5, retryBackoff: true } },
);

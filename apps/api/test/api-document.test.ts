import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { API_GROUPS } from '../src/composition.ts';
import { documentOf, routesOf } from './api-routes.ts';
import { startTestApp, type TestApp } from './app-harness.ts';

/**
 * The API document is the product's reference for integrators: every operation says what it does
 * (a summary), how and who may (a description), and belongs to its module's group. Generated from
 * the document, so a new route without them fails here.
 */
let t: TestApp;
before(async () => {
  t = await startTestApp();
});
after(() => t.stop());

type Described = { summary?: string; description?: string; tags?: string[] };

describe('the API document', () => {
  test('every operation has a summary, a description and one module group', () => {
    const groups = new Set(API_GROUPS.map(([name]) => name));
    const routes = routesOf(t);
    assert.ok(routes.length >= 100, `expected the API's operations, found ${routes.length}`);
    const lacking = routes.flatMap((route) => {
      const operation = route.operation as Described;
      const problems = [
        !operation.summary?.trim() && 'a summary',
        !operation.description?.trim() && 'a description',
        (operation.tags?.length !== 1 || !groups.has(operation.tags[0]!)) && 'one tag of API_GROUPS',
      ].filter(Boolean);
      return problems.length > 0 ? [`${route.method} ${route.path}: needs ${problems.join(', ')}`] : [];
    });
    assert.deepEqual(lacking, []);
  });

  test('the groups are listed in the document, each used by an operation', () => {
    const document = documentOf(t) as { tags?: { name: string; description?: string }[] };
    assert.deepEqual(
      document.tags?.map((tag) => tag.name),
      API_GROUPS.map(([name]) => name),
    );
    const used = new Set(routesOf(t).flatMap((r) => (r.operation as Described).tags ?? []));
    for (const [name] of API_GROUPS) assert.ok(used.has(name), `no operation in the group ${name}`);
  });

  test('every $ref points at a schema of the document', () => {
    const document = documentOf(t) as { components?: { schemas?: Record<string, unknown> } };
    const refs = [...JSON.stringify(document).matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g)].map(
      (m) => m[1]!,
    );
    const missing = refs.filter((name) => !(name in (document.components?.schemas ?? {})));
    assert.deepEqual([...new Set(missing)], []);
  });
});

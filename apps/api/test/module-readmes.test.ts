import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, test } from 'node:test';
import ts from 'typescript';
import { MODULES } from '../src/composition.ts';

const MODULES_DIR = path.resolve(import.meta.dirname, '../src/modules');

/** The names a module's index.ts exports (values and types), read from its syntax tree. */
function exportedNames(source: string): string[] {
  const file = ts.createSourceFile('index.ts', source, ts.ScriptTarget.Latest, true);
  const names: string[] = [];
  for (const statement of file.statements) {
    if (ts.isExportDeclaration(statement)) {
      const clause = statement.exportClause;
      if (clause && ts.isNamedExports(clause)) names.push(...clause.elements.map((e) => e.name.text));
      if (clause && ts.isNamespaceExport(clause)) names.push(clause.name.text);
      continue;
    }
    const exported = ts.canHaveModifiers(statement)
      ? ts.getModifiers(statement)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword)
      : false;
    if (!exported) continue;
    if (ts.isVariableStatement(statement)) {
      for (const d of statement.declarationList.declarations) {
        if (ts.isIdentifier(d.name)) names.push(d.name.text);
        else if (ts.isObjectBindingPattern(d.name))
          for (const element of d.name.elements)
            if (ts.isIdentifier(element.name)) names.push(element.name.text);
      }
    } else if (
      (ts.isFunctionDeclaration(statement) ||
        ts.isTypeAliasDeclaration(statement) ||
        ts.isInterfaceDeclaration(statement)) &&
      statement.name
    ) {
      names.push(statement.name.text);
    }
  }
  return names;
}

/** The tables a module's `*.tables.ts` files create: `pgTable('name', ...)`. */
async function tablesOf(folder: string): Promise<string[]> {
  const tables: string[] = [];
  for (const file of await readdir(folder)) {
    if (!file.endsWith('.tables.ts')) continue;
    const source = await readFile(path.join(folder, file), 'utf8');
    for (const match of source.matchAll(/pgTable\(\s*'([a-z_]+)'/g)) tables.push(match[1]!);
  }
  return tables;
}

const mentions = (readme: string, name: string) =>
  readme.includes(`\`${name}\``) || readme.includes(`\`${name}(`);

/**
 * docs/modules.md: every module README lists what its index.ts exports, its tables, its events and
 * its jobs. This reads them off the code, so a README cannot fall behind its module.
 */
describe('module READMEs', () => {
  for (const manifest of MODULES.filter((m) => m.name !== 'use-cases')) {
    test(`${manifest.name}: its README names its exports, tables, events, jobs and subscriptions`, async () => {
      const folder = path.join(MODULES_DIR, manifest.name);
      const readme = await readFile(path.join(folder, 'README.md'), 'utf8');
      const index = await readFile(path.join(folder, 'index.ts'), 'utf8');
      const missing = [
        ...exportedNames(index).map((name) => ({ kind: 'export', name })),
        ...(await tablesOf(folder)).map((name) => ({ kind: 'table', name })),
        ...Object.keys(manifest.events?.schemas ?? {}).map((name) => ({ kind: 'event', name })),
        ...(manifest.jobs ?? []).map((job) => ({ kind: 'job', name: job.name })),
        ...(manifest.subscriptions ?? []).map((s) => ({ kind: 'subscriber', name: s.subscriber })),
      ].filter(({ name }) => !mentions(readme, name));
      assert.deepEqual(
        missing.map(({ kind, name }) => `${kind} ${name}`),
        [],
        `modules/${manifest.name}/README.md does not name these (in backticks)`,
      );
    });
  }
});

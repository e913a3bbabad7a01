import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { ESLint, Linter } from 'eslint';

// The rule is plain JavaScript beside eslint.config.js; imported by path, untyped.
const pluginPath = path.resolve(import.meta.dirname, '../../../eslint/module-boundaries.js');
const { default: plugin } = (await import(pluginPath)) as { default: ESLint.Plugin };

/** A small tree: module b depends on module a; platform/ and use-cases/ beside them. */
const root = mkdtempSync(path.join(tmpdir(), 'module-boundaries-'));
const files: Record<string, string> = {
  'src/modules/a/index.ts': "export { a } from './a.service.ts';\n",
  'src/modules/a/a.service.ts': 'export const a = 1;\n',
  'src/modules/b/index.ts': "export { b } from './b.service.ts';\n",
  'src/modules/b/b.service.ts': "import { a } from '../a/index.ts';\nexport const b = a + 1;\n",
  'src/modules/b/b.test.ts': "import { a } from '../a/index.ts';\n",
  'src/platform/http.ts': 'export const http = 1;\n',
  'src/use-cases/merge.ts': "import { b } from '../modules/b/index.ts';\n",
};
for (const [file, text] of Object.entries(files)) {
  mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
  writeFileSync(path.join(root, file), text);
}
after(() => rmSync(root, { recursive: true, force: true }));

const linter = new Linter({ cwd: root });
const config: Linter.Config[] = [
  {
    files: ['**/*.ts'],
    languageOptions: { sourceType: 'module' },
    plugins: { boundaries: plugin },
    rules: {
      'boundaries/module-boundaries': [
        'error',
        {
          modulesDir: 'src/modules',
          platformDir: 'src/platform',
          useCasesDir: 'src/use-cases',
        },
      ],
    },
  },
];

/** The rule's message ids for `code` linted as the file `file` of the tree. */
const problems = (file: string, code: string) =>
  linter.verify(code, config, { filename: path.join(root, file) }).map((m) => m.messageId ?? m.message);

describe('module-boundaries lint rule', () => {
  test('reports a module importing the composition root', () => {
    assert.deepEqual(
      problems('src/modules/b/b.service.ts', "import { MODULES } from '../../composition.ts';"),
      ['moduleImportsUseCase'],
    );
  });

  test('reports platform/ importing a module', () => {
    assert.deepEqual(problems('src/platform/mail.ts', "import { a } from '../modules/a/index.ts';"), [
      'platformImportsModule',
    ]);
  });

  test("reports a module importing another module's file other than its index.ts", () => {
    assert.deepEqual(problems('src/modules/c/c.service.ts', "import { a } from '../a/a.service.ts';"), [
      'deepImport',
    ]);
    assert.deepEqual(problems('src/modules/c/c.service.ts', "export * from '../a/a.service.ts';"), [
      'deepImport',
    ]);
  });

  test('reports an import that closes a cycle between modules, naming it', () => {
    const messages = linter.verify("import { b } from '../b/index.ts';", config, {
      filename: path.join(root, 'src/modules/a/a.repository.ts'),
    });
    assert.deepEqual(
      messages.map((m) => m.messageId),
      ['cycle'],
    );
    assert.match(messages[0]!.message, /a -> b -> a/);
  });

  test('reports a module importing a use case', () => {
    assert.deepEqual(
      problems('src/modules/a/a.service.ts', "import { merge } from '../../use-cases/merge.ts';"),
      ['moduleImportsUseCase'],
    );
  });

  test('passes imports that follow the layering', () => {
    // Another module's index.ts, one way; its own files; platform/.
    assert.deepEqual(problems('src/modules/c/c.service.ts', "import { b } from '../b/index.ts';"), []);
    assert.deepEqual(problems('src/modules/b/b.repository.ts', "import { b } from './b.service.ts';"), []);
    assert.deepEqual(
      problems('src/modules/b/b.service.ts', "import { http } from '../../platform/http.ts';"),
      [],
    );
    // A use case composes modules.
    assert.deepEqual(
      problems('src/use-cases/merge.ts', "import { a } from '../modules/a/a.service.ts';"),
      [],
    );
    // A module's tests may start the product through the composition root.
    assert.deepEqual(
      problems('src/modules/a/a.test.ts', "import { MODULES } from '../../composition.ts';"),
      [],
    );
    // A test is outside the module graph: a's test may build its data through b, which depends on a.
    assert.deepEqual(problems('src/modules/a/a.test.ts', "import { b } from '../b/index.ts';"), []);
  });
});

// Runs node's test runner over every *.test.ts under the given folders (Node 20's --test does not
// expand globs itself). Usage: node scripts/run-tests.mjs [folder...] (default: apps/api)
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';

function find(dir) {
  return readdirSync(dir).flatMap((name) => {
    if (name === 'node_modules' || name.startsWith('.')) return [];
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? find(full) : name.endsWith('.test.ts') ? [full] : [];
  });
}

const roots = process.argv.slice(2);
const files = (roots.length ? roots : ['apps/api'])
  .flatMap((r) => (statSync(r).isDirectory() ? find(r) : [r]))
  .sort();
if (files.length === 0) {
  console.error('No test files found');
  process.exit(1);
}
const result = spawnSync(
  process.execPath,
  [
    '--import',
    'tsx',
    '--test',
    `--test-concurrency=${process.env.TEST_CONCURRENCY ?? 2}`,
    '--test-reporter=spec',
    ...files,
  ],
  // bcrypt cost 12 (the production default, asserted by its own test) would make every login in
  // the suite take a quarter second; tests hash at cost 4 unless told otherwise.
  { stdio: 'inherit', env: { BCRYPT_COST: '4', ...process.env } },
);
process.exit(result.status ?? 1);

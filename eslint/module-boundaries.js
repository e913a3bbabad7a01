/**
 * A local ESLint plugin: the layering of docs/decisions/0009-module-boundaries.md.
 *
 *   platform/  <  modules/<name>/  <  use-cases/  <  composition (app.ts, runtime.ts, main.ts...)
 *
 * It reports, on the import that causes it:
 * - `platformImportsModule`: a file of platform/ imports a module (or a use case);
 * - `moduleImportsUseCase`: a module imports a use case (use cases compose modules, not the reverse);
 * - `deepImport`: a module imports another module's file other than its index.ts;
 * - `cycle`: an import between two modules when the imported one already depends on the importer,
 *   directly or through others (the module graph is read once from the import statements of every
 *   file under modules/, tests excepted).
 */
import fs from 'node:fs';
import path from 'node:path';

const IMPORT_SOURCES =
  /(?:^|[\s;])(?:import|export)\s+(?:type\s+)?(?:[^'"]*?\sfrom\s+)?['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;
const SOURCE_FILE = /\.(?:ts|tsx|js|mjs)$/;
const TEST_FILE = /\.test\.(?:ts|tsx|js|mjs)$/;

const toPosix = (p) => p.split(path.sep).join('/');

function settingsOf(context) {
  const options = context.options[0] ?? {};
  const cwd = context.cwd ?? process.cwd();
  const abs = (p) => toPosix(path.resolve(cwd, p));
  return {
    modulesDir: abs(options.modulesDir ?? 'apps/api/src/modules'),
    platformDir: abs(options.platformDir ?? 'apps/api/src/platform'),
    useCasesDir: abs(options.useCasesDir ?? 'apps/api/src/use-cases'),
    allowTablesToReferenceTables: options.allowTablesToReferenceTables ?? false,
    knownEdges: (options.knownEdges ?? []).map((e) => ({ from: abs(e.from), to: abs(e.to) })),
  };
}

/** `modules/<name>/...` -> `<name>`; undefined for a file outside a module folder. */
function moduleOf(settings, file) {
  if (!file.startsWith(`${settings.modulesDir}/`)) return undefined;
  const rest = file.slice(settings.modulesDir.length + 1).split('/');
  return rest.length > 1 ? rest[0] : undefined;
}

function resolveImport(fromFile, source) {
  if (!source.startsWith('.')) return undefined;
  return toPosix(path.resolve(path.dirname(fromFile), source));
}

function isKnownEdge(settings, from, to) {
  return settings.knownEdges.some((e) => e.from === from && e.to === to);
}

/** Whether an import from one module's file to another's is allowed without going through index.ts. */
function deepImportAllowed(settings, from, to) {
  if (settings.allowTablesToReferenceTables && from.endsWith('.tables.ts') && to.endsWith('.tables.ts')) {
    return true;
  }
  return isKnownEdge(settings, from, to);
}

const graphs = new Map();

/** module -> Set of modules it imports, from every non-test file under modulesDir. Built once. */
function moduleGraph(settings) {
  const cached = graphs.get(settings.modulesDir);
  if (cached) return cached;
  const graph = new Map();
  const walk = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = toPosix(path.join(dir, entry.name));
      if (entry.isDirectory()) walk(full);
      else if (SOURCE_FILE.test(entry.name) && !TEST_FILE.test(entry.name)) addEdges(full);
    }
  };
  const addEdges = (file) => {
    const from = moduleOf(settings, file);
    if (!from) return;
    if (!graph.has(from)) graph.set(from, new Set());
    const text = fs.readFileSync(file, 'utf8');
    for (const match of text.matchAll(IMPORT_SOURCES)) {
      const target = resolveImport(file, match[1] ?? match[2]);
      const to = target && moduleOf(settings, target);
      if (to && to !== from && !isKnownEdge(settings, file, target)) graph.get(from).add(to);
    }
  };
  if (fs.existsSync(settings.modulesDir)) walk(settings.modulesDir);
  graphs.set(settings.modulesDir, graph);
  return graph;
}

/** A path of modules from `start` to `goal` in the graph, or undefined. */
function pathBetween(graph, start, goal) {
  const previous = new Map([[start, undefined]]);
  const queue = [start];
  while (queue.length) {
    const node = queue.shift();
    if (node === goal) {
      const route = [];
      for (let at = goal; at !== undefined; at = previous.get(at)) route.unshift(at);
      return route;
    }
    for (const next of graph.get(node) ?? []) {
      if (!previous.has(next)) {
        previous.set(next, node);
        queue.push(next);
      }
    }
  }
  return undefined;
}

const rule = {
  meta: {
    type: 'problem',
    docs: { description: 'Modules depend one way, through index.ts; platform/ imports no module.' },
    schema: [
      {
        type: 'object',
        additionalProperties: false,
        properties: {
          modulesDir: { type: 'string' },
          platformDir: { type: 'string' },
          useCasesDir: { type: 'string' },
          allowTablesToReferenceTables: { type: 'boolean' },
          knownEdges: {
            type: 'array',
            items: {
              type: 'object',
              additionalProperties: false,
              required: ['from', 'to', 'reason'],
              properties: { from: { type: 'string' }, to: { type: 'string' }, reason: { type: 'string' } },
            },
          },
        },
      },
    ],
    messages: {
      platformImportsModule:
        "platform/ imports no module or use case ('{{source}}'): take what it needs as a parameter and let the composition root (runtime.ts, main.ts) hand it in",
      moduleImportsUseCase:
        "A module imports no use case or composition file ('{{source}}'): they compose modules, not the reverse; react to an event instead",
      deepImport:
        "Module '{{from}}' imports '{{source}}', a file of module '{{to}}' other than its index.ts: export what you need from {{to}}/index.ts",
      cycle:
        'Import cycle between modules: {{route}}. Move the write that spans them into a use case (apps/api/src/use-cases), shared helpers into platform/, or react to an event',
    },
  },
  create(context) {
    const settings = settingsOf(context);
    const file = toPosix(context.filename);
    const inPlatform = file.startsWith(`${settings.platformDir}/`);
    const fromModule = moduleOf(settings, file);
    if (!inPlatform && !fromModule) return {};

    const check = (node, source) => {
      if (typeof source !== 'string') return;
      const target = resolveImport(file, source);
      if (!target) return;
      const toModule = moduleOf(settings, target);
      const toUseCase = target.startsWith(`${settings.useCasesDir}/`);
      const toModulesRoot = target.startsWith(`${settings.modulesDir}/`) && !toModule;
      // composition.ts, app.ts, runtime.ts, seed.ts: the files that wire modules together.
      const toComposition =
        target.startsWith(`${path.posix.dirname(settings.modulesDir)}/`) &&
        !target.startsWith(`${settings.modulesDir}/`) &&
        !target.startsWith(`${settings.platformDir}/`) &&
        !toUseCase &&
        // A module's tests may start the product the way a process does (seed.ts, the harness).
        !TEST_FILE.test(file);
      if (inPlatform) {
        if (toModule || toUseCase || target.startsWith(`${settings.modulesDir}/`)) {
          context.report({ node, messageId: 'platformImportsModule', data: { source } });
        }
        return;
      }
      if (toUseCase || toModulesRoot || toComposition) {
        context.report({ node, messageId: 'moduleImportsUseCase', data: { source } });
        return;
      }
      if (!toModule || toModule === fromModule) return;
      const index = `${settings.modulesDir}/${toModule}/index.ts`;
      if (target !== index && !deepImportAllowed(settings, file, target)) {
        context.report({ node, messageId: 'deepImport', data: { from: fromModule, to: toModule, source } });
        return;
      }
      if (isKnownEdge(settings, file, target) || TEST_FILE.test(file)) return;
      const back = pathBetween(moduleGraph(settings), toModule, fromModule);
      if (back)
        context.report({ node, messageId: 'cycle', data: { route: [fromModule, ...back].join(' -> ') } });
    };

    return {
      ImportDeclaration: (node) => check(node, node.source.value),
      ExportNamedDeclaration: (node) => node.source && check(node, node.source.value),
      ExportAllDeclaration: (node) => check(node, node.source.value),
      ImportExpression: (node) => node.source.type === 'Literal' && check(node, node.source.value),
    };
  },
};

export default { meta: { name: 'module-boundaries' }, rules: { 'module-boundaries': rule } };

import { readdir, readFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';

/**
 * The one rule of ARCHITECTURE.md, checked mechanically: dependencies point inward.
 * domain -> nothing of ours outside it; application -> domain; an adapter folder -> application,
 * domain, itself and adapters/shared; only bootstrap picks concrete adapters.
 */
const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const src = join(root, 'src');

const sourceFiles = async (dir: string): Promise<string[]> => {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile() && /\.(ts|mts|js|mjs)$/.test(e.name)).map((e) => join(e.parentPath, e.name));
};

const IMPORT = /(?:^|[\s;])(?:import|export)\s[^'"`]*?from\s*['"]([^'"]+)['"]|import\s*\(\s*['"]([^'"]+)['"]\s*\)|^\s*import\s*['"]([^'"]+)['"]/gm;

export const importsOf = (code: string): string[] => [...code.matchAll(IMPORT)].map((m) => m[1] ?? m[2] ?? m[3]).filter((s): s is string => s !== undefined);

type Layer = { layer: string; sub?: string };
const layerOf = (file: string): Layer => {
  const [layer, sub] = relative(src, file).split(/[\\/]/);
  return { layer: layer ?? '', sub: layer === 'adapters' ? sub : undefined };
};

const violation = (file: string, spec: string): string | null => {
  const from = layerOf(file);
  if (!spec.startsWith('.')) {
    if (spec.startsWith('node:')) return from.layer === 'domain' ? 'domain must not import built-ins' : null;
    // Third-party packages: domain and application stay free of them; adapters and bootstrap may use them.
    if (from.layer === 'domain' || from.layer === 'application') return `${from.layer} must not import package "${spec}"`;
    return null;
  }
  const target = resolve(dirname(file), spec);
  if (!target.startsWith(src + '/')) return `imports outside src: ${spec}`;
  const to = layerOf(target);
  switch (from.layer) {
    case 'domain':
      return to.layer === 'domain' ? null : `domain imports ${to.layer}`;
    case 'application':
      return to.layer === 'domain' || to.layer === 'application' ? null : `application imports ${to.layer}`;
    case 'adapters':
      if (to.layer === 'domain' || to.layer === 'application') return null;
      if (to.layer === 'adapters' && (to.sub === from.sub || to.sub === 'shared')) return null;
      return `adapters/${from.sub} imports ${to.layer}${to.sub ? `/${to.sub}` : ''}`;
    case 'bootstrap':
      return null;
    default:
      return `unexpected top-level folder src/${from.layer}`;
  }
};

/**
 * Built-ins the application may use: pure computation that Node and Deno both provide. Streams may be named
 * as types (ports speak of `Readable` bodies) but never built or piped there: that is the adapters' work.
 */
const APPLICATION_BUILT_INS = new Set(['node:crypto', 'node:buffer']);
const TYPE_ONLY_BUILT_INS = new Set(['node:stream']);
const BUILT_IN_IMPORT = /^\s*import\s+(type\s+)?[^'"]*?from\s*['"](node:[^'"]+)['"]/gm;

export const applicationBuiltInViolations = (code: string): string[] =>
  [...code.matchAll(BUILT_IN_IMPORT)]
    .filter(([, typeOnly, spec]) => !APPLICATION_BUILT_INS.has(spec!) && !(typeOnly && TYPE_ONLY_BUILT_INS.has(spec!)))
    .map(([, typeOnly, spec]) => `${typeOnly ? 'type ' : ''}${spec}`);

describe('layer rule', () => {
  test('the application uses only pure built-ins, and streams only as types', async () => {
    expect(applicationBuiltInViolations(`import { Transform } from 'node:stream';`)).toEqual(['node:stream']);
    expect(applicationBuiltInViolations(`import type { Readable } from 'node:stream';`)).toEqual([]);
    expect(applicationBuiltInViolations(`import { readFile } from 'node:fs/promises';`)).toEqual(['node:fs/promises']);
    expect(applicationBuiltInViolations(`import { createHash } from 'node:crypto';`)).toEqual([]);
    const problems: string[] = [];
    for (const file of await sourceFiles(join(src, 'application'))) {
      for (const spec of applicationBuiltInViolations(await readFile(file, 'utf8'))) problems.push(`${relative(root, file)}: ${spec}`);
    }
    expect(problems).toEqual([]);
  });

  test('the import scanner sees every import form', () => {
    const code = `import a from './a.ts';\nimport type { B } from "../b.ts";\nexport { c } from './c.ts';\nconst d = await import('./d.ts');\nimport './e.ts';`;
    expect(importsOf(code)).toEqual(['./a.ts', '../b.ts', './c.ts', './d.ts', './e.ts']);
  });

  test('the rule rejects outward imports', () => {
    expect(violation(join(src, 'domain/x.ts'), '../application/y.ts')).toMatch(/domain imports application/);
    expect(violation(join(src, 'application/x.ts'), '../adapters/s3/y.ts')).toMatch(/application imports adapters/);
    expect(violation(join(src, 'adapters/http/x.ts'), '../fs/y.ts')).toMatch(/adapters\/http imports adapters\/fs/);
    expect(violation(join(src, 'adapters/http/x.ts'), '../../bootstrap/y.ts')).toMatch(/imports bootstrap/);
    expect(violation(join(src, 'application/x.ts'), 'pg')).toMatch(/must not import package/);
    expect(violation(join(src, 'bootstrap/x.ts'), '../adapters/s3/y.ts')).toBeNull();
  });

  test('no file in src imports outward', async () => {
    const problems: string[] = [];
    for (const file of await sourceFiles(src)) {
      for (const spec of importsOf(await readFile(file, 'utf8'))) {
        const why = violation(file, spec);
        if (why) problems.push(`${relative(root, file)}: ${why} (${spec})`);
      }
    }
    expect(problems).toEqual([]);
  });

  test('relative imports name their .ts file (runs unchanged on Node and Deno)', async () => {
    const problems: string[] = [];
    for (const file of await sourceFiles(src)) {
      for (const spec of importsOf(await readFile(file, 'utf8'))) {
        if (spec.startsWith('.') && !/\.(ts|json)$/.test(spec)) problems.push(`${relative(root, file)}: ${spec}`);
      }
    }
    expect(problems).toEqual([]);
  });
});

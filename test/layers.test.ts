/**
 * The layers the imports show: `src/schema` → `src/registry` → `src/lib` are the core and
 * import nothing above them, and no two top-level folders of `src/` import each other,
 * directly or around a circle. Read from the source text, so a new upward import fails
 * here before anyone has to find it in a picture.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const src = path.join(import.meta.dirname, '..', 'src');
const CORE = ['schema', 'registry', 'lib'] as const;

/** Every source file under src/, as paths relative to src/. */
function sourceFiles(): string[] {
  return (readdirSync(src, { recursive: true }) as string[])
    .filter((file) => /\.(ts|mts|mjs|cjs|js|astro)$/.test(file) && !file.endsWith('.d.ts'))
    .map((file) => file.split(path.sep).join('/'));
}

// Static imports and re-exports, dynamic import(), require(); enough for this code base,
// which has no computed specifiers.
const SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+|\brequire\s*\(\s*)(['"])([^'"\n]+)\1/g;

/** The folders of src/ that `file` imports from (relative imports only). */
function importedFolders(file: string): { folder: string; specifier: string }[] {
  const text = readFileSync(path.join(src, file), 'utf8');
  const found: { folder: string; specifier: string }[] = [];
  for (const match of text.matchAll(SPECIFIER)) {
    const specifier = match[2]!;
    if (!specifier.startsWith('.')) continue;
    const target = path.posix.normalize(path.posix.join(path.posix.dirname(file), specifier));
    if (target.startsWith('..')) continue;
    found.push({ folder: folderOf(target), specifier });
  }
  return found;
}

/** The top-level folder of a path relative to src/ ('' for files directly in src/). */
const folderOf = (file: string) => (file.includes('/') ? file.slice(0, file.indexOf('/')) : '');

function folderGraph() {
  const edges = new Map<string, Map<string, string>>();
  for (const file of sourceFiles()) {
    const from = folderOf(file);
    for (const { folder, specifier } of importedFolders(file)) {
      if (folder === from) continue;
      if (!edges.has(from)) edges.set(from, new Map());
      edges.get(from)!.set(folder, `${file} imports ${specifier}`);
    }
  }
  return edges;
}

/** Strongly connected components with more than one folder (Tarjan). */
function circles(edges: Map<string, Map<string, string>>): string[][] {
  let index = 0;
  const order = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (node: string) => {
    order.set(node, index);
    low.set(node, index++);
    stack.push(node);
    onStack.add(node);
    for (const next of edges.get(node)?.keys() ?? []) {
      if (!order.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node)!, low.get(next)!));
      } else if (onStack.has(next)) low.set(node, Math.min(low.get(node)!, order.get(next)!));
    }
    if (low.get(node) === order.get(node)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      if (component.length > 1) found.push(component.sort());
    }
  };
  for (const node of edges.keys()) if (!order.has(node)) visit(node);
  return found;
}

describe('the layers of src/', () => {
  const edges = folderGraph();

  it('reads the imports it judges', () => {
    // A reader that found nothing would pass everything.
    expect(edges.get('lib')?.has('schema')).toBe(true);
    expect(edges.get('cli')?.size ?? 0).toBeGreaterThan(2);
  });

  it.each(CORE.map((folder, rank) => [folder, CORE.slice(0, rank)] as const))(
    'src/%s imports nothing but the core folders below it',
    (folder, below) => {
      const upward = [...(edges.get(folder) ?? [])].filter(([target]) => !below.includes(target as never)).map(([, where]) => where);
      expect(upward).toEqual([]);
    },
  );

  it('has no two top-level folders that import each other, directly or around a circle', () => {
    const found = circles(edges).map((component) => {
      const ties = component.flatMap((from) => component.filter((to) => edges.get(from)?.has(to)).map((to) => edges.get(from)!.get(to)!));
      return { folders: component, ties };
    });
    expect(found).toEqual([]);
  });
});

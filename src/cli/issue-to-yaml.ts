/**
 * `npm run issue-to-yaml -- --event FILE`: a registration issue (GitHub `issues` event
 * payload) → a registry change, checked by the same validation as CI. Prints JSON;
 * exit 1 with Vietnamese problems when the submission is invalid, writing nothing.
 * The issue-to-pr workflow runs it with `--write` and `--comment`.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { hash } from 'node:crypto';
import path from 'node:path';
import { resolveRegistryDir, validateRegistry } from '../registry/load.ts';
import { todayIso } from '../registry/model.ts';
import { validateWithChanges } from '../registry/validate-copy.ts';
import { canonicalize } from '../registry/facebook-url.ts';
import { proofCodeForKeySync } from '../lib/proof-code.ts';
import { buildIssueForm } from '../submit/issue-form.ts';
import { parseIssueBody } from '../submit/issue-parse.ts';
import {
  branchFor,
  issueComment,
  labelProblems,
  planChange,
  pullRequestBody,
  pullRequestTitle,
  readIssueEvent,
  sortProblems,
  validationProblems,
  type IssueSubmission,
  type SubmissionProblem,
  type UnitChange,
} from '../submit/issue-to-yaml.ts';
import { EXIT_INVALID, EXIT_OK, parseCliArgs, run, UsageError, type Io } from './run.ts';

export const USAGE = 'Usage: npm run issue-to-yaml -- --event FILE [--registry DIR] [--write] [--comment FILE] [--today YYYY-MM-DD]';

export interface IssueToYamlOutput {
  ok: boolean;
  issue: number;
  unit: string | null;
  /** The changed file, relative to the working directory (the repository root in the workflow). */
  file: string | null;
  branch: string;
  title: string | null;
  body: string | null;
  yaml: string | null;
  problems: SubmissionProblem[];
}

function readEvent(file: string): IssueSubmission {
  let payload: unknown;
  try {
    payload = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new UsageError(`Cannot read the event file ${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
  try {
    return readIssueEvent(payload);
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

/** The proof-of-control code of the new account (docs/registry-format.md, "Proof of control"). */
function proofOf(change: UnitChange): string | undefined {
  const canonical = change.account.url === undefined ? undefined : canonicalize(change.account.url);
  if (!canonical?.ok || change.account.since === undefined) return undefined;
  return proofCodeForKeySync(canonical.key, change.unitId, change.account.since, (text) => hash('sha256', text, 'buffer'));
}

export function main(args: string[], io: Io): number {
  const { values } = parseCliArgs(args, {
    event: { type: 'string' },
    registry: { type: 'string' },
    write: { type: 'boolean' },
    comment: { type: 'string' },
    today: { type: 'string' },
  });
  if (!values.event) throw new UsageError('--event FILE is required (the GitHub issues event payload, $GITHUB_EVENT_PATH in a workflow).');
  const submission = readEvent(values.event);
  const dir = resolveRegistryDir(values.registry ?? io.env.REGISTRY_DIR);
  const today = values.today ?? todayIso();

  const current = validateRegistry(dir, { today });
  const registry = current.registry;
  if (!registry) throw new Error(`The registry's settings (${path.join(dir, 'registry.yaml')}) are invalid: run npm run validate.`);
  const form = buildIssueForm(registry.settings);
  const parsed = parseIssueBody(submission.body, form);
  const plan = planChange({ registry, form, parsed, readUnitFile: (file) => readFileSync(path.join(dir, file), 'utf8'), today });
  const found = [...labelProblems(submission), ...plan.problems];
  const change = plan.change;
  if (change) found.push(...validationProblems(validateWithChanges(dir, [change], { today }), change, found));
  const problems = sortProblems(found);

  const ok = change !== undefined && problems.length === 0;
  const file = change ? path.relative(process.cwd(), path.join(dir, change.file)).split(path.sep).join('/') : null;
  const output: IssueToYamlOutput = {
    ok,
    issue: submission.number,
    unit: change?.unitId ?? null,
    file,
    branch: branchFor(submission.number),
    title: change ? pullRequestTitle(change) : null,
    body: change && file ? pullRequestBody(change, submission, file, proofOf(change)) : null,
    yaml: change?.text ?? null,
    problems,
  };

  if (ok && values.write) {
    const target = path.join(dir, change.file);
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, change.text);
  }
  if (values.comment) writeFileSync(values.comment, ok ? '' : issueComment(problems, form));
  io.out(`${JSON.stringify(output, null, 2)}\n`);
  if (!ok) {
    io.err(
      `Issue #${submission.number} chưa hợp lệ:\n${problems.map((p) => `- ${p.field ? `[${p.field}] ` : ''}${p.message} (${p.rule})`).join('\n')}\n`,
    );
    return EXIT_INVALID;
  }
  return EXIT_OK;
}

if (import.meta.main) await run(main, USAGE);

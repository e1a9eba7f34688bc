/**
 * The monthly reminders as a plan: given the reminder issues that exist (as listed by
 * `gh issue list --json number,title,body,state,labels`) and this month's recheck
 * result, what to create, update, reopen or close. Pure, so the workflow's behaviour is
 * tested here; .github/workflows/recheck.yml only carries the plan out.
 *
 * One issue per responsible union, found again by its label and the hidden marker in
 * its body. Running the plan twice changes nothing the second time: an issue whose title
 * and body are already right is left alone.
 */
import type { RecheckResult } from '../lib/recheck.ts';
import { markerOf, RECHECK_LABEL, reminderBody, reminderTitle } from './recheck-text.ts';
import type { GithubRepo } from './registration.ts';

export interface ExistingIssue {
  number: number;
  title: string;
  body: string;
  /** `gh` prints OPEN / CLOSED; the REST API open / closed. */
  state: string;
  labels: ReadonlyArray<{ name: string } | string>;
}

export type IssueAction =
  | { kind: 'create'; union: string; title: string; body: string }
  | { kind: 'update'; union: string; number: number; title: string; body: string; reopen: boolean }
  | { kind: 'close'; union: string; number: number; comment: string };

export const DONE_COMMENT =
  'Mọi tài khoản trong danh sách đã được xác nhận lại hoặc không còn hoạt động: đóng issue. Nếu đến hạn lại, issue này sẽ được mở lại.';
export const DUPLICATE_COMMENT = 'Trùng với một issue nhắc việc khác của cùng công đoàn cấp trên: đóng issue này.';

const isOpen = (issue: ExistingIssue) => issue.state.toLowerCase() === 'open';
const hasLabel = (issue: ExistingIssue) => issue.labels.some((l) => (typeof l === 'string' ? l : l.name) === RECHECK_LABEL);

/** The reminders this workflow opened, by union: the open one first, then the newest. */
function remindersByUnion(existing: readonly ExistingIssue[]): Map<string, ExistingIssue[]> {
  const byUnion = new Map<string, ExistingIssue[]>();
  for (const issue of existing) {
    const union = hasLabel(issue) ? markerOf(issue.body) : undefined;
    if (union === undefined) continue;
    let list = byUnion.get(union);
    if (!list) byUnion.set(union, (list = []));
    list.push(issue);
  }
  for (const list of byUnion.values()) list.sort((a, b) => Number(isOpen(b)) - Number(isOpen(a)) || b.number - a.number);
  return byUnion;
}

export function planReminders(existing: readonly ExistingIssue[], result: RecheckResult, repo?: GithubRepo): IssueAction[] {
  const actions: IssueAction[] = [];
  const byUnion = remindersByUnion(existing);
  const due = new Set<string>();
  for (const group of result.groups) {
    const union = group.responsible.id;
    due.add(union);
    const title = reminderTitle(group);
    const body = reminderBody(group, result, repo);
    const [issue, ...others] = byUnion.get(union) ?? [];
    if (!issue) actions.push({ kind: 'create', union, title, body });
    else if (!isOpen(issue) || issue.title !== title || issue.body.trimEnd() !== body.trimEnd()) {
      actions.push({ kind: 'update', union, number: issue.number, title, body, reopen: !isOpen(issue) });
    }
    for (const other of others) if (isOpen(other)) actions.push({ kind: 'close', union, number: other.number, comment: DUPLICATE_COMMENT });
  }
  for (const [union, issues] of byUnion) {
    if (due.has(union)) continue;
    for (const issue of issues) if (isOpen(issue)) actions.push({ kind: 'close', union, number: issue.number, comment: DONE_COMMENT });
  }
  return actions;
}

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { main as recheckMain } from '../src/cli/recheck.ts';
import { main as issuesMain } from '../src/cli/recheck-issues.ts';
import type { Io } from '../src/cli/run.ts';
import { addMonths, dueDate, findOverdue, isOverdue, responsibleUnion } from '../src/lib/recheck.ts';
import { DONE_COMMENT, DUPLICATE_COMMENT, planReminders, type ExistingIssue } from '../src/submit/recheck-issues.ts';
import {
  markerOf,
  MAX_BODY_CHARS,
  mdText,
  RECHECK_LABEL,
  recheckToMarkdown,
  reminderBody,
  reminderMarker,
} from '../src/submit/recheck-text.ts';
import { makeRegistry } from './helpers/registry.ts';

const TODAY = '2026-11-26';
const REPO = { server: 'https://github.com', owner: 'congdoan', name: 'danh-ba', branch: 'main' };
const ROOT = fileURLToPath(new URL('../', import.meta.url));

function io(env: NodeJS.ProcessEnv = {}): Io & { stdout: string; stderr: string } {
  const box = { stdout: '', stderr: '', env, out: (t: string) => void (box.stdout += t), err: (t: string) => void (box.stderr += t) };
  return box;
}

describe('re-confirmation dates', () => {
  it('adds calendar months, clamping to the end of a shorter month', () => {
    expect(addMonths('2018-09-11', 12)).toBe('2019-09-11');
    expect(addMonths('2024-02-29', 12)).toBe('2025-02-28');
    expect(addMonths('2025-01-31', 1)).toBe('2025-02-28');
    expect(addMonths('2025-11-15', 3)).toBe('2026-02-15');
  });

  it('counts from checked, else from since, and is overdue only after the due day', () => {
    expect(dueDate({ since: '2018-09-11' }, 12)).toBe('2019-09-11');
    expect(dueDate({ since: '2018-09-11', checked: '2026-01-05' }, 12)).toBe('2027-01-05');
    const registry = makeRegistry();
    const unit = registry.byId.get('ldld-kon-tum')!;
    const account = { ...unit.accounts![0]!, since: '2025-11-26' };
    expect(isOverdue(account, unit, '2026-11-26', 12)).toBe(false);
    expect(isOverdue(account, unit, '2026-11-27', 12)).toBe(true);
    expect(isOverdue({ ...account, checked: '2026-06-01' }, unit, '2026-11-27', 12)).toBe(false);
  });
});

describe('findOverdue', () => {
  it('lists current accounts only, grouped by the parent union, and never ended accounts or dissolved units', () => {
    const result = findOverdue(makeRegistry(), TODAY);
    expect(result.months).toBe(12);
    expect(result.groups.map((g) => [g.responsible.id, g.accounts.map((a) => `${a.unit.id}#${a.index}`)])).toEqual([
      ['ldld-dak-ha', ['cdcs-hai#0', 'cdcs-mot#0', 'cdcs-mot#1']],
      // The root confirms its own accounts and those of the units directly under it.
      ['ldld-kon-tum', ['ldld-dak-ha#1', 'ldld-kon-tum#0']],
    ]);
    expect(result.total).toBe(5);
    // ldld-dak-ha#0 ended in 2021; cdcs-ba was dissolved in 2025.
    const ids = result.groups.flatMap((g) => g.accounts.map((a) => a.unit.id));
    expect(ids).not.toContain('cdcs-ba');
  });

  it('follows recheck_months and a checked date', () => {
    const registry = makeRegistry();
    registry.settings = { ...registry.settings, recheck_months: 120 };
    expect(findOverdue(registry, TODAY).total).toBe(0);
    const fresh = makeRegistry();
    for (const unit of fresh.units) for (const a of unit.accounts ?? []) a.checked = '2026-03-01';
    expect(findOverdue(fresh, TODAY).total).toBe(0);
  });

  it('never carries a hidden group’s name or address', () => {
    const group = findOverdue(makeRegistry(), TODAY).groups[0]!.accounts.find((a) => a.role === 'group')!;
    expect(group).toMatchObject({ hidden: true, name: null, url: null });
    const md = recheckToMarkdown(findOverdue(makeRegistry(), TODAY), REPO);
    expect(md).not.toContain('nhom.an.mot');
    expect(md).not.toContain('Nhóm Một');
    expect(md).toContain('nhóm kín, địa chỉ không công bố');
  });

  it('hands a dissolved parent’s task to its successor, else to the next union up', () => {
    const registry = makeRegistry();
    const shaThay = registry.byId.get('ldld-sa-thay')!;
    shaThay.dissolved = '2025-07-01';
    const child = { ...registry.byId.get('cdcs-ba')!, dissolved: undefined };
    expect(responsibleUnion(child, registry, TODAY).id).toBe('ldld-kon-tum');
    shaThay.successor = 'ldld-dak-ha';
    expect(responsibleUnion(child, registry, TODAY).id).toBe('ldld-dak-ha');
  });
});

describe('reminder text', () => {
  const result = findOverdue(makeRegistry(), TODAY);

  it('links each account to the editor of its unit’s file, with a checkbox', () => {
    const body = reminderBody(result.groups[0]!, result, REPO);
    expect(body.split('\n')[0]).toBe(reminderMarker('ldld-dak-ha'));
    expect(markerOf(body)).toBe('ldld-dak-ha');
    expect(body).toContain('- [ ] **Công đoàn cơ sở Công ty Hai** (`cdcs-hai`), tài khoản số 1');
    expect(body).toContain('(https://github.com/congdoan/danh-ba/edit/main/registry/units/ldld-dak-ha/cdcs-hai.yaml)');
    expect(body).toContain('checked: NĂM-THÁNG-NGÀY');
  });

  it('keeps a reminder under GitHub’s body limit and says how many accounts did not fit', () => {
    const one = result.groups[0]!;
    const many = { ...one, accounts: Array.from({ length: 2000 }, (_, i) => ({ ...one.accounts[0]!, index: i })) };
    const body = reminderBody(many, result, REPO);
    expect(body.length).toBeLessThanOrEqual(MAX_BODY_CHARS);
    const listed = body.split('\n').filter((l) => l.startsWith('- [ ] ')).length;
    expect(listed).toBeGreaterThan(100);
    expect(body).toContain(`Còn ${2000 - listed} tài khoản nữa`);
    expect(reminderBody(one, result, REPO)).not.toContain('Còn ');
  });

  it('escapes Markdown and mentions in registry text', () => {
    expect(mdText('[x](http://evil) @team *b*')).toBe('\\[x\\](http://evil) \\@team \\*b\\*');
  });
});

describe('planReminders', () => {
  const result = findOverdue(makeRegistry(), TODAY);
  const issue = (number: number, union: string, state: string, body?: string, labels: string[] = [RECHECK_LABEL]): ExistingIssue => ({
    number,
    title: `t${number}`,
    state,
    labels: labels.map((name) => ({ name })),
    body: body ?? `${reminderMarker(union)}\nold`,
  });

  it('creates one issue per union when none exists', () => {
    const actions = planReminders([], result, REPO);
    expect(actions.map((a) => [a.kind, a.union])).toEqual([
      ['create', 'ldld-dak-ha'],
      ['create', 'ldld-kon-tum'],
    ]);
  });

  it('is idempotent: after its own actions, a second plan does nothing', () => {
    const created = planReminders([], result, REPO).map((a, i): ExistingIssue => ({
      number: i + 1,
      title: 'title' in a ? a.title : '',
      body: 'body' in a ? a.body : '',
      state: 'OPEN',
      labels: [{ name: RECHECK_LABEL }],
    }));
    expect(planReminders(created, result, REPO)).toEqual([]);
  });

  it('updates (and reopens) the issue it opened before instead of opening another', () => {
    const actions = planReminders([issue(7, 'ldld-dak-ha', 'OPEN'), issue(3, 'ldld-kon-tum', 'CLOSED')], result, REPO);
    expect(actions.map((a) => [a.kind, a.union, 'number' in a ? a.number : 0, 'reopen' in a ? a.reopen : null])).toEqual([
      ['update', 'ldld-dak-ha', 7, false],
      ['update', 'ldld-kon-tum', 3, true],
    ]);
  });

  it('closes an issue once nothing of its union is overdue, and duplicates', () => {
    const none = { ...result, total: 0, groups: [] };
    expect(planReminders([issue(7, 'ldld-dak-ha', 'OPEN'), issue(8, 'ldld-kon-tum', 'CLOSED')], none)).toEqual([
      { kind: 'close', union: 'ldld-dak-ha', number: 7, comment: DONE_COMMENT },
    ]);
    const dup = planReminders([issue(7, 'ldld-dak-ha', 'OPEN'), issue(9, 'ldld-dak-ha', 'OPEN')], {
      ...result,
      groups: result.groups.slice(0, 1),
    });
    expect(dup.map((a) => [a.kind, 'number' in a ? a.number : 0])).toEqual([
      ['update', 9],
      ['close', 7],
    ]);
    expect(dup[1]).toMatchObject({ comment: DUPLICATE_COMMENT });
  });

  it('ignores issues without its label, even with a marker', () => {
    const actions = planReminders([issue(5, 'ldld-dak-ha', 'OPEN', undefined, ['dang-ky'])], result, REPO);
    expect(actions.map((a) => a.kind)).toEqual(['create', 'create']);
  });
});

describe('npm run recheck and recheck-issues', () => {
  const registry = path.join(ROOT, 'registry');

  it('prints JSON grouped by union and exits 0', async () => {
    const box = io();
    expect(await recheckMain(['--registry', registry, '--today', '2026-11-26', '--format', 'json'], box)).toBe(0);
    const parsed = JSON.parse(box.stdout) as { total: number; groups: { responsible: { id: string } }[] };
    expect(parsed.total).toBeGreaterThan(0);
    expect(parsed.groups[0]!.responsible.id).toMatch(/^[a-z0-9-]+$/);
  });

  it('exits 1 on an invalid registry and rejects a bad date as usage', async () => {
    const box = io();
    expect(await recheckMain(['--registry', path.join(ROOT, 'test', 'fixtures', 'invalid', 'root-not-top')], box)).toBe(1);
    expect(box.stderr).toContain('npm run validate');
    await expect(recheckMain(['--today', '2026-02-30'], io())).rejects.toThrow('--today');
  });

  it('recheck-issues needs the listed issues, as a JSON array', async () => {
    await expect(issuesMain(['--registry', registry], io())).rejects.toThrow('--issues FILE is required');
    const dir = mkdtempSync(path.join(os.tmpdir(), 'recheck-test-'));
    try {
      const bad = path.join(dir, 'issues.json');
      writeFileSync(bad, '{"not": "a list"}');
      await expect(issuesMain(['--registry', registry, '--issues', bad], io())).rejects.toThrow('JSON array');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('carries the plan out with gh, bodies in files', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'recheck-test-'));
    try {
      const issues = path.join(dir, 'issues.json');
      writeFileSync(issues, '[]');
      const calls: string[][] = [];
      const box = io({ GITHUB_REPOSITORY: 'congdoan/danh-ba' });
      expect(
        await issuesMain(
          ['--registry', registry, '--today', '2026-11-26', '--issues', issues, '--apply'],
          box,
          (args) => void calls.push(args),
        ),
      ).toBe(0);
      expect(calls.length).toBeGreaterThan(0);
      expect(calls[0]!.slice(0, 2)).toEqual(['issue', 'create']);
      expect(calls[0]).toContain(RECHECK_LABEL);
      expect(JSON.parse(box.stdout)[0]).toMatchObject({ kind: 'create' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

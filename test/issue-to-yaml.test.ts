/**
 * The registration path through GitHub: the issue form generated from the registry, the
 * parser of submitted bodies, the change it makes (checked by the registry's own
 * validation), CODEOWNERS, and the staleness of the committed .github files.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { generateGithubFiles, siteFor } from '../src/cli/generate-github.ts';
import { main, type IssueToYamlOutput } from '../src/cli/issue-to-yaml.ts';
import { UsageError, type Io } from '../src/cli/run.ts';
import { RegistryUsageError, validateRegistry } from '../src/registry/load.ts';
import { RegistrySettingsSchema } from '../src/schema/index.ts';
import { renderCodeowners } from '../src/submit/codeowners.ts';
import {
  buildIssueForm,
  FORM_FIELD_IDS,
  recordedSite,
  renderIssueConfigYaml,
  renderIssueFormYaml,
  siteAddress,
} from '../src/submit/issue-form.ts';
import { parseIssueBody } from '../src/submit/issue-parse.ts';
import { deriveUnitId, escapeMarkdown, normalizeDate, slugifyName } from '../src/submit/issue-to-yaml.ts';
import { proofCode } from '../src/lib/proof-code.ts';

const ROOT = path.join(import.meta.dirname, '..');
const TODAY = '2026-01-01';

const SETTINGS = `version: 1
title: Danh bạ thử nghiệm
root: ldld-tinh
directive:
  number: 118/LĐLĐ
  date: 2018-09-11
  title: Về việc tuyên truyền trên mạng xã hội facebook
deadlines:
  register: 2018-10-31
  report: 2018-10-30
follow:
  - id: congdoankontum
    name: Liên đoàn Lao động tỉnh Kon Tum
    url: https://www.facebook.com/congdoankontum
  - id: congdoanvietnam
    name: Tổng Liên đoàn Lao động Việt Nam
    url: https://www.facebook.com/congdoanvietnam
  - id: tamsucongphan
    name: Tâm sự công nhân
    url: https://www.facebook.com/tamsucongphan
levels:
  - id: tinh
    name: Liên đoàn Lao động tỉnh
    requires: [unit]
  - id: huyen
    name: Liên đoàn Lao động huyện, thành phố
    under: [tinh]
    requires: [unit]
  - id: cdcs
    name: Công đoàn cơ sở
    under: [tinh, huyen]
    requires: [chair, group]
privacy:
  contacts: encrypted
  recipient: age1s3vapg2dgnlqhxl5kka8chdc0panj8cn3qcyskpk7d0wp6nm43ls63u2gx
`;

const UNITS: Record<string, string> = {
  'units/ldld-tinh.yaml': `name: Liên đoàn Lao động tỉnh Thử
level: tinh
reviewers: ['@tinh-admin']
accounts:
  - role: unit
    url: https://www.facebook.com/congdoankontum
    name: congdoankontum
    since: 2018-09-11
`,
  'units/huyen/ldld-dak-ha.yaml': `# yaml-language-server: $schema=../../../schema/unit.schema.json
name: Liên đoàn Lao động huyện Đắk Hà
level: huyen
parent: ldld-tinh
reviewers: ['@congdoan/dak-ha']
# Chưa đăng ký tài khoản: thêm mục accounts khi đơn vị báo địa chỉ trang.
accounts: []
`,
  'units/huyen/ldld-tu-mo-rong.yaml': `name: Liên đoàn Lao động huyện Tu Mơ Rông
level: huyen
parent: ldld-tinh
`,
  'units/ldld-dak-ha/cdcs-truong-a.yaml': `name: Công đoàn cơ sở Trường A
level: cdcs
parent: ldld-dak-ha
accounts:
  - role: chair
    url: https://www.facebook.com/chutich.truong.a.thu
    name: Chủ tịch Trường A
    since: 2018-10-01
`,
};

let dir: string;
let work: string;

function writeRegistry(target: string): void {
  mkdirSync(target, { recursive: true });
  writeFileSync(path.join(target, 'registry.yaml'), SETTINGS);
  for (const [file, text] of Object.entries(UNITS)) {
    mkdirSync(path.dirname(path.join(target, file)), { recursive: true });
    writeFileSync(path.join(target, file), text);
  }
}

/** Every file under a folder with its content: "nothing written" means this is unchanged. */
function snapshot(folder: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const entry of readdirSync(folder, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) {
      const abs = path.join(entry.parentPath, entry.name);
      out[path.relative(folder, abs)] = readFileSync(abs, 'utf8');
    }
  }
  return out;
}

beforeEach(() => {
  work = mkdtempSync(path.join(os.tmpdir(), 'issue-to-yaml-test-'));
  dir = path.join(work, 'registry');
  writeRegistry(dir);
});
afterEach(() => {
  rmSync(work, { recursive: true, force: true });
});

const settings = RegistrySettingsSchema.parse(parse(SETTINGS));
const form = buildIssueForm(settings);

/** The Markdown GitHub writes for a submitted form: `### Label`, blank line, answer. */
type Answers = Partial<Record<(typeof FORM_FIELD_IDS)[number], string>>;
function issueBody(answers: Answers, eol = '\n'): string {
  return form.fields
    .map((field) => {
      const answer = answers[field.id];
      let text: string;
      if (field.type === 'checkboxes') {
        const picked = (answer ?? '').split(',').filter(Boolean);
        text = field.options.map((o) => `- [${picked.includes(o.value) ? 'X' : ' '}] ${o.label}`).join(eol);
      } else if (answer === undefined) {
        text = field.type === 'dropdown' ? 'None' : '_No response_';
      } else if (field.type === 'dropdown') {
        text = field.options.find((o) => o.value === answer)?.label ?? answer;
      } else {
        text = answer;
      }
      return `### ${field.label}${eol}${eol}${text}`;
    })
    .join(`${eol}${eol}`);
}

function writeEvent(body: string, options: { number?: number; labels?: string[] } = {}): string {
  const file = path.join(work, `event-${Math.random().toString(36).slice(2)}.json`);
  const issue = {
    number: options.number ?? 42,
    title: '[Đăng ký] thử',
    body,
    user: { login: 'nguyenvana' },
    labels: (options.labels ?? ['dang-ky']).map((name) => ({ name })),
  };
  writeFileSync(file, JSON.stringify({ action: 'opened', issue }));
  return file;
}

interface CliRun {
  code: number;
  out: string;
  err: string;
  json?: IssueToYamlOutput;
}
function cli(args: string[]): CliRun {
  let out = '';
  let err = '';
  const io: Io = { out: (t) => void (out += t), err: (t) => void (err += t), env: {} };
  let code: number;
  try {
    code = main(args, io);
  } catch (error) {
    if (!(error instanceof UsageError || error instanceof RegistryUsageError)) throw error;
    code = 2;
  }
  return { code, out, err, json: out ? (JSON.parse(out) as IssueToYamlOutput) : undefined };
}
function submit(answers: Answers | string, ...extra: string[]): CliRun {
  const body = typeof answers === 'string' ? answers : issueBody(answers);
  return cli(['--event', writeEvent(body), '--registry', dir, '--today', TODAY, ...extra]);
}

const NEW_CDCS: Answers = {
  name: 'Công đoàn cơ sở Trường THPT Nguyễn Huệ',
  level: 'cdcs',
  parent: 'ldld-dak-ha',
  role: 'chair',
  url: 'https://m.facebook.com/chutich.nguyenhue.thu/?ref=bookmarks',
  account_name: 'Chủ tịch CĐCS THPT Nguyễn Huệ',
  since: '2018-10-05',
  follows: 'congdoankontum,tamsucongphan',
};

describe('the issue form', () => {
  it('has the contract field ids in order, with the title prefix and the dang-ky label', () => {
    expect(form.fields.map((f) => f.id)).toEqual([...FORM_FIELD_IDS]);
    const yaml = parse(renderIssueFormYaml(form)) as { title: string; labels: string[]; body: { type: string; id?: string }[] };
    expect(yaml.title).toBe('[Đăng ký] ');
    expect(yaml.labels).toEqual(['dang-ky']);
    expect(yaml.body[0]?.type).toBe('markdown');
    expect(yaml.body.slice(1).map((b) => b.id)).toEqual([...FORM_FIELD_IDS]);
  });

  it('lists levels, roles and follow pages in their order, each label ending with its value', () => {
    const options = (id: string) =>
      (parse(renderIssueFormYaml(form)) as { body: { id?: string; attributes: { options?: (string | { label: string })[] } }[] }).body.find(
        (b) => b.id === id,
      )?.attributes.options;
    expect(options('level')).toEqual([
      'Liên đoàn Lao động tỉnh (tinh)',
      'Liên đoàn Lao động huyện, thành phố (huyen)',
      'Công đoàn cơ sở (cdcs)',
    ]);
    expect(options('role')).toEqual(['Trang/tài khoản của đơn vị (unit)', 'Tài khoản của Chủ tịch CĐCS (chair)', 'Nhóm đoàn viên (group)']);
    expect(options('visibility')).toEqual(['Công khai (public)', 'Riêng tư (private)', 'Ẩn (hidden)']);
    expect(options('follows')).toEqual([
      { label: 'Liên đoàn Lao động tỉnh Kon Tum (congdoankontum)' },
      { label: 'Tổng Liên đoàn Lao động Việt Nam (congdoanvietnam)' },
      { label: 'Tâm sự công nhân (tamsucongphan)' },
    ]);
  });

  it('warns first that issues are public and sends contacts to the encrypted web form', () => {
    expect(form.intro).toMatch(/ai cũng đọc được/);
    expect(form.intro).toMatch(/không ghi số điện thoại, email/);
    expect(buildIssueForm(settings, 'https://cd.example.org/danh-ba/').intro).toContain('(https://cd.example.org/danh-ba/dang-ky/)');
  });

  it('never asks for a phone number or an email', () => {
    expect(form.fields.map((f) => f.label.toLowerCase()).join(' ')).not.toMatch(/điện thoại|email|phone/);
  });

  it('writes config.yml without contact links until the site address is known', () => {
    const bare = renderIssueConfigYaml(undefined);
    expect(parse(bare)).toEqual({ blank_issues_enabled: false });
    expect(recordedSite(bare)).toBeUndefined();
    const site = siteAddress('https://cd.example.org', '/danh-ba/');
    expect(site).toBe('https://cd.example.org/danh-ba/');
    const withSite = renderIssueConfigYaml(site);
    const config = parse(withSite) as { blank_issues_enabled: boolean; contact_links: { url: string }[] };
    expect(config.blank_issues_enabled).toBe(false);
    expect(config.contact_links.map((l) => l.url)).toEqual([
      'https://cd.example.org/danh-ba/dang-ky/',
      'https://cd.example.org/danh-ba/huong-dan/dang-ky/',
      'https://cd.example.org/danh-ba/kiem-tra/',
    ]);
    expect(recordedSite(withSite)).toBe(site);
  });
});

describe('parsing an issue body', () => {
  it('reads inputs, dropdowns, checkboxes and empty answers, with CRLF line ends', () => {
    const parsed = parseIssueBody(issueBody({ ...NEW_CDCS, level: 'huyen' }, '\r\n'), form);
    expect(parsed.problems).toEqual([]);
    expect(parsed.values).toEqual({
      name: NEW_CDCS.name,
      level: 'huyen',
      parent: 'ldld-dak-ha',
      role: 'chair',
      url: NEW_CDCS.url,
      account_name: NEW_CDCS.account_name,
      since: '2018-10-05',
    });
    expect(parsed.checked).toEqual({ follows: ['congdoankontum', 'tamsucongphan'] });
  });

  it('keeps "###" inside an answer and accepts lower-case [x]', () => {
    const body = issueBody({ ...NEW_CDCS, name: 'Công đoàn ### số 1' }).replace('- [X] Liên đoàn', '- [x] Liên đoàn');
    const parsed = parseIssueBody(body, form);
    expect(parsed.values.name).toBe('Công đoàn ### số 1');
    expect(parsed.checked.follows).toEqual(['congdoankontum', 'tamsucongphan']);
  });

  it('reports a section written twice instead of picking one', () => {
    const body = `${issueBody(NEW_CDCS)}\n\n### Địa chỉ Facebook\n\nhttps://www.facebook.com/khac`;
    expect(parseIssueBody(body, form).problems).toEqual([expect.objectContaining({ field: 'url', rule: 'issue-form' })]);
  });

  it('reports an answer that is not one of the options', () => {
    const body = issueBody(NEW_CDCS).replace('Tài khoản của Chủ tịch CĐCS (chair)', 'Quản trị viên');
    expect(parseIssueBody(body, form).problems).toEqual([expect.objectContaining({ field: 'role', rule: 'issue-form' })]);
  });

  it('reads nothing from an empty or missing body', () => {
    expect(parseIssueBody(null, form)).toEqual({ values: {}, checked: {}, problems: [] });
    expect(parseIssueBody('', form)).toEqual({ values: {}, checked: {}, problems: [] });
  });
});

describe('ids and dates', () => {
  it('derives an id from a Vietnamese name', () => {
    expect(slugifyName('Công đoàn cơ sở Trường THPT Đắk Hà')).toBe('cong-doan-co-so-truong-thpt-dak-ha');
    expect(slugifyName('Liên đoàn Lao động huyện Ia H’Drai')).toBe('lien-doan-lao-dong-huyen-ia-h-drai');
    expect(slugifyName('  ***  ')).toBe('');
  });

  it('keeps ids within 80 characters, cut between words, and unique', () => {
    const long = 'Công đoàn cơ sở Công ty Trách nhiệm hữu hạn Một thành viên Cao su Kon Tum chi nhánh Sa Thầy và Ngọc Hồi';
    const id = slugifyName(long);
    expect(id.length).toBeLessThanOrEqual(80);
    expect(id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
    expect(long.length).toBeGreaterThan(80);
    const taken = new Set([id, `${id.slice(0, 78).replace(/-+$/, '')}-2`]);
    const unique = deriveUnitId(long, (x) => taken.has(x));
    expect(unique.endsWith('-3')).toBe(true);
    expect(unique.length).toBeLessThanOrEqual(80);
  });

  it("never derives one of the site's own folder names as an id", () => {
    expect(slugifyName('Cáp')).toBe('cap');
    expect(deriveUnitId('Cáp', () => false)).toBe('cap-2');
    expect(deriveUnitId('Nhánh', () => false)).toBe('nhanh-2');
  });

  it('turns day/month/year into YYYY-MM-DD and leaves the rest to the validator', () => {
    expect(normalizeDate('5/10/2018')).toBe('2018-10-05');
    expect(normalizeDate('05-10-2018')).toBe('2018-10-05');
    expect(normalizeDate('2018-10-05')).toBe('2018-10-05');
    expect(normalizeDate('tháng 10')).toBe('tháng 10');
  });
});

describe('npm run issue-to-yaml', () => {
  it('turns a new unit into a new file under its parent folder', () => {
    const run = submit(NEW_CDCS);
    expect(run.code).toBe(0);
    const json = run.json!;
    expect(Object.keys(json)).toEqual(['ok', 'issue', 'unit', 'file', 'branch', 'title', 'body', 'yaml', 'problems']);
    expect(json).toMatchObject({
      ok: true,
      issue: 42,
      unit: 'cong-doan-co-so-truong-thpt-nguyen-hue',
      branch: 'dang-ky/issue-42',
      problems: [],
    });
    expect(path.resolve(json.file!)).toBe(path.join(dir, 'units/ldld-dak-ha/cong-doan-co-so-truong-thpt-nguyen-hue.yaml'));
    expect(json.title).toBe('Đăng ký: Công đoàn cơ sở Trường THPT Nguyễn Huệ – Tài khoản của Chủ tịch CĐCS');
    expect(json.body).toContain('Closes #42');
    expect(json.body).toContain('@nguyenvana');
    expect(json.yaml).toBe(`# yaml-language-server: $schema=../../../schema/unit.schema.json
name: Công đoàn cơ sở Trường THPT Nguyễn Huệ
level: cdcs
parent: ldld-dak-ha
accounts:
  - role: chair
    url: https://www.facebook.com/chutich.nguyenhue.thu
    name: Chủ tịch CĐCS THPT Nguyễn Huệ
    since: 2018-10-05
    follows: [congdoankontum, tamsucongphan]
`);
  });

  it('writes nothing without --write, and the file with it, after which the registry is valid', () => {
    const before = snapshot(dir);
    expect(submit(NEW_CDCS).code).toBe(0);
    expect(snapshot(dir)).toEqual(before);
    const run = submit(NEW_CDCS, '--write');
    expect(run.code).toBe(0);
    expect(readFileSync(path.resolve(run.json!.file!), 'utf8')).toBe(run.json!.yaml);
    expect(validateRegistry(dir, { today: TODAY }).problems).toEqual([]);
  });

  it('appends an account to an existing unit and keeps the file’s comments', () => {
    const run = submit(
      {
        unit: 'ldld-dak-ha',
        role: 'unit',
        url: 'https://www.facebook.com/ldld.dakha.thu',
        account_name: 'LĐLĐ Đắk Hà',
        since: '20/9/2018',
        follows: 'congdoankontum,congdoanvietnam,tamsucongphan',
      },
      '--write',
    );
    expect(run.code).toBe(0);
    expect(run.json?.unit).toBe('ldld-dak-ha');
    expect(path.resolve(run.json!.file!)).toBe(path.join(dir, 'units/huyen/ldld-dak-ha.yaml'));
    expect(readFileSync(path.join(dir, 'units/huyen/ldld-dak-ha.yaml'), 'utf8'))
      .toBe(`# yaml-language-server: $schema=../../../schema/unit.schema.json
name: Liên đoàn Lao động huyện Đắk Hà
level: huyen
parent: ldld-tinh
reviewers: ['@congdoan/dak-ha']
# Chưa đăng ký tài khoản: thêm mục accounts khi đơn vị báo địa chỉ trang.
accounts:
  - role: unit
    url: https://www.facebook.com/ldld.dakha.thu
    name: LĐLĐ Đắk Hà
    since: 2018-09-20
    follows: [congdoankontum, congdoanvietnam, tamsucongphan]
`);
    expect(validateRegistry(dir, { today: TODAY }).ok).toBe(true);
  });

  it('adds a members’ group with its visibility after the accounts already there', () => {
    const run = submit({
      unit: 'cdcs-truong-a',
      role: 'group',
      url: 'https://www.facebook.com/groups/doanvien.truong.a.thu/',
      account_name: 'Đoàn viên Trường A',
      visibility: 'private',
      since: '2018-10-02',
    });
    expect(run.code).toBe(0);
    const data = parse(run.json!.yaml!) as { accounts: { role: string; visibility?: string; url: string }[] };
    expect(data.accounts.map((a) => a.role)).toEqual(['chair', 'group']);
    expect(data.accounts[1]).toMatchObject({ visibility: 'private', url: 'https://www.facebook.com/groups/doanvien.truong.a.thu/' });
  });

  // A hidden group's address in a public issue: refused, pointing to the web form, and never repeated.
  it.each([
    ['hidden', { visibility: 'hidden' }],
    ['with no visibility (counts as hidden)', {}],
    ['hidden, for a new unit', { unit: undefined, name: 'Công đoàn cơ sở Trường Ẩn Danh', level: 'cdcs', parent: 'ldld-dak-ha' }],
    [
      'hidden, as a post of the group (a subpage)',
      { visibility: 'hidden', url: 'https://m.facebook.com/groups/987654321012345/posts/42/?ref=share' },
    ],
  ])('refuses a group %s, and its address appears in no output', (_name, extra) => {
    const before = snapshot(dir);
    const comment = path.join(work, 'comment-hidden.md');
    const answers = {
      unit: 'cdcs-truong-a',
      role: 'group',
      url: 'https://www.facebook.com/groups/987654321012345/',
      account_name: 'Đoàn viên Trường A (nhóm kín)',
      since: '2018-10-02',
      ...extra,
    } as Answers;
    const run = submit(answers, '--write', '--comment', comment);
    expect(run.code).toBe(1);
    expect(run.json!.ok).toBe(false);
    expect(run.json!.problems).toEqual([
      { field: 'url', rule: 'hidden-group-in-issue', message: expect.stringContaining('biểu mẫu Đăng ký trên trang web') },
    ]);
    const commentText = readFileSync(comment, 'utf8');
    expect(commentText).toContain('Nhóm ẩn không đăng ký qua issue được');
    for (const output of [run.out, run.err, commentText]) {
      expect(output).not.toContain('987654321012345');
      expect(output).not.toMatch(/groups\//);
    }
    expect(run.json!.body).toBeNull();
    expect(run.json!.yaml).toBeNull();
    expect(snapshot(dir)).toEqual(before);
  });

  it('ignores the new-unit fields left as _No response_ and None for an existing unit', () => {
    const body = issueBody({
      unit: 'ldld-tu-mo-rong',
      role: 'unit',
      url: 'https://www.facebook.com/ldld.tumorong.thu',
      account_name: 'LĐLĐ Tu Mơ Rông',
      since: '2018-10-10',
    });
    expect(body).toContain('_No response_');
    expect(body).toContain('None');
    const run = submit(body);
    expect(run.code).toBe(0);
    expect(parse(run.json!.yaml!)).toMatchObject({ accounts: [{ role: 'unit', name: 'LĐLĐ Tu Mơ Rông', since: '2018-10-10' }] });
  });

  // [case, answers, expected problems (field and rule)]
  const invalid: [string, Answers, { field: string; rule: string }[]][] = [
    [
      'an address that is not Facebook',
      { ...NEW_CDCS, url: 'https://facebook.com.vn/chutich.nguyenhue' },
      [{ field: 'url', rule: 'url-not-facebook' }],
    ],
    [
      'a post instead of a page',
      { ...NEW_CDCS, url: 'https://www.facebook.com/share/p/1AbCdEf/' },
      [{ field: 'url', rule: 'url-not-account' }],
    ],
    ['a page registered as a group', { ...NEW_CDCS, role: 'group' }, [{ field: 'url', rule: 'url-role' }]],
    ['visibility on a page', { ...NEW_CDCS, visibility: 'public' }, [{ field: 'visibility', rule: 'url-role' }]],
    // ldld-dak-ha sorts before ldld-tinh, so the validator reports the duplicate on the other file.
    [
      'another unit’s page, for an existing unit',
      { unit: 'ldld-dak-ha', role: 'unit', url: 'https://www.facebook.com/congdoankontum', account_name: 'x', since: '2018-10-01' },
      [{ field: 'url', rule: 'duplicate-account' }],
    ],
    [
      'another unit’s page, for a unit sorted after it',
      { unit: 'ldld-tu-mo-rong', role: 'unit', url: 'https://fb.com/CongDoanKonTum', account_name: 'x', since: '2018-10-01' },
      [{ field: 'url', rule: 'duplicate-account' }],
    ],
    ['an unknown parent', { ...NEW_CDCS, parent: 'ldld-khong-co' }, [{ field: 'parent', rule: 'parent-missing' }]],
    ['a parent that is not an id', { ...NEW_CDCS, parent: '../../etc' }, [{ field: 'parent', rule: 'parent-missing' }]],
    ['a parent of the wrong level', { ...NEW_CDCS, level: 'huyen', parent: 'cdcs-truong-a' }, [{ field: 'parent', rule: 'level-parent' }]],
    ['an unknown unit', { ...NEW_CDCS, unit: 'cdcs-khong-co' }, [{ field: 'unit', rule: 'unit-missing' }]],
    [
      'a unit that already exists under that parent',
      { ...NEW_CDCS, name: 'Công đoàn cơ sở Trường A' },
      [{ field: 'unit', rule: 'duplicate-id' }],
    ],
    ['a date in the future', { ...NEW_CDCS, since: '2030-01-01' }, [{ field: 'since', rule: 'date-order' }]],
    ['a date that is not a date', { ...NEW_CDCS, since: 'tháng 10 năm 2018' }, [{ field: 'since', rule: 'schema' }]],
    [
      'missing required answers',
      { name: NEW_CDCS.name },
      [
        { field: 'level', rule: 'issue-form' },
        { field: 'parent', rule: 'issue-form' },
        { field: 'role', rule: 'issue-form' },
        { field: 'url', rule: 'issue-form' },
        { field: 'account_name', rule: 'issue-form' },
        { field: 'since', rule: 'issue-form' },
      ],
    ],
  ];
  it.each(invalid)('refuses %s with a Vietnamese problem and writes nothing', (_name, answers, expected) => {
    const before = snapshot(dir);
    const comment = path.join(work, 'comment.md');
    const run = submit(answers, '--write', '--comment', comment);
    expect(run.code).toBe(1);
    expect(run.json?.ok).toBe(false);
    const got = run.json!.problems.map(({ field, rule }) => ({ field, rule }));
    expect([...got].sort((a, b) => (a.field + a.rule).localeCompare(b.field + b.rule))).toEqual(
      [...expected].sort((a, b) => (a.field + a.rule).localeCompare(b.field + b.rule)),
    );
    for (const p of run.json!.problems) expect(p.message).toMatch(/[àáảãạăâđèéêìíòóôơùúưỳý]/i);
    expect(snapshot(dir)).toEqual(before);
    expect(readFileSync(comment, 'utf8')).toMatch(/^Chưa tạo được bản đăng ký/);
    expect(run.err).toContain('chưa hợp lệ');
  });

  it('refuses an issue without the dang-ky label', () => {
    const run = cli(['--event', writeEvent(issueBody(NEW_CDCS), { labels: ['bug'] }), '--registry', dir, '--today', TODAY]);
    expect(run.code).toBe(1);
    expect(run.json?.problems).toEqual([expect.objectContaining({ field: '', rule: 'issue-form' })]);
  });

  const EVIL = '$(rm -rf /) `id` ${{ secrets.X }} <script>alert(1)</script> "><img src=x onerror=alert(1)> @everyone';

  it('keeps hostile text as inert YAML strings when the rest is valid', () => {
    const run = submit({ ...NEW_CDCS, name: `Công đoàn ${EVIL}`, account_name: EVIL }, '--write');
    expect(run.code).toBe(0);
    const data = parse(run.json!.yaml!) as { name: string; accounts: { name: string }[] };
    expect(data.name).toBe(`Công đoàn ${EVIL}`);
    expect(data.accounts[0]?.name).toBe(EVIL);
    expect(run.json!.unit).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
    expect(run.json!.file).not.toMatch(/[$`<>"' ]/);
    expect(run.json!.title).not.toMatch(/\n/);
    // In the pull request body the file sits in a fence that the text cannot close.
    const fenceLine = run.json!.body!.split('\n').find((l) => /^`{3,}yaml$/.test(l));
    expect(fenceLine).toBeDefined();
    expect(validateRegistry(dir, { today: TODAY }).ok).toBe(true);
  });

  it('answers hostile text in every field with problems, not a crash, and escapes it in the comment', () => {
    const answers = Object.fromEntries(FORM_FIELD_IDS.map((id) => [id, EVIL])) as Answers;
    const body = issueBody(answers)
      .replace(/- \[ \] /g, '- [x] ')
      .concat(`\n- [x] ${EVIL}`);
    const comment = path.join(work, 'comment.md');
    const before = snapshot(dir);
    const run = submit(body, '--write', '--comment', comment);
    expect(run.code).toBe(1);
    expect(run.json!.problems.length).toBeGreaterThan(0);
    expect(snapshot(dir)).toEqual(before);
    const text = readFileSync(comment, 'utf8');
    expect(text).not.toContain('<script>');
    expect(text).not.toContain('<img');
    expect(text).not.toMatch(/@everyone/);
    expect(text).not.toContain('`id`');
  });

  it('refuses an answer spread over several lines', () => {
    const body = issueBody(NEW_CDCS).replace(NEW_CDCS.account_name!, 'Dòng một\nDòng hai: ${{ github.token }}');
    const run = submit(body);
    expect(run.code).toBe(1);
    expect(run.json!.problems).toEqual([expect.objectContaining({ field: 'account_name', rule: 'schema' })]);
  });

  it('exits 2 for usage errors', () => {
    expect(cli([]).code).toBe(2);
    expect(cli(['--event', path.join(work, 'missing.json')]).code).toBe(2);
    const notIssue = path.join(work, 'push.json');
    writeFileSync(notIssue, JSON.stringify({ ref: 'refs/heads/main' }));
    expect(cli(['--event', notIssue, '--registry', dir]).code).toBe(2);
    expect(cli(['--event', writeEvent(''), '--registry', path.join(work, 'nowhere')]).code).toBe(2);
  });

  it('exits 0, 1 and 2 as a command too, printing only JSON on stdout', () => {
    const script = path.join(ROOT, 'src/cli/issue-to-yaml.ts');
    const run = (args: string[]) =>
      spawnSync(process.execPath, [script, ...args], { encoding: 'utf8', env: { ...process.env, REGISTRY_DIR: dir } });
    const ok = run(['--event', writeEvent(issueBody(NEW_CDCS)), '--today', TODAY]);
    expect(ok.status).toBe(0);
    expect((JSON.parse(ok.stdout) as IssueToYamlOutput).ok).toBe(true);
    const bad = run(['--event', writeEvent(issueBody({ ...NEW_CDCS, url: 'javascript:alert(1)' })), '--today', TODAY]);
    expect(bad.status).toBe(1);
    expect((JSON.parse(bad.stdout) as IssueToYamlOutput).problems[0]).toMatchObject({ field: 'url', rule: 'url-not-facebook' });
    const usage = run([]);
    expect(usage.status).toBe(2);
    expect(usage.stdout).toBe('');
    expect(usage.stderr).toContain('Usage: npm run issue-to-yaml');
  });
});

describe('Markdown escaping', () => {
  it('leaves no HTML, mention, emphasis or code span', () => {
    expect(escapeMarkdown('<b>@admin</b> *x* `y` [a](b)')).toBe('&lt;b&gt;@\u200badmin&lt;/b&gt; \\*x\\* \\`y\\` \\[a\\]\\(b\\)');
  });
});

describe('CODEOWNERS', () => {
  it('gives the root reviewers everything and each unit reviewers its folder', () => {
    const { registry } = validateRegistry(dir, { today: TODAY });
    const text = renderCodeowners(registry!, 'registry');
    const rules = text.split('\n').filter((l) => l && !l.startsWith('#'));
    expect(rules).toEqual(['* @tinh-admin', '/registry/units/ldld-dak-ha/ @congdoan/dak-ha']);
    expect(text.split('\n')[0]).toMatch(/^# Generated by `npm run schema`.*do not edit/);
  });

  it('is only comments when nobody is listed', () => {
    const { registry } = validateRegistry(dir, { today: TODAY });
    const units = registry!.units.map(({ reviewers: _reviewers, ...unit }) => unit);
    const text = renderCodeowners({ settings: registry!.settings, units }, 'registry');
    expect(
      text
        .split('\n')
        .filter(Boolean)
        .every((l) => l.startsWith('#')),
    ).toBe(true);
    expect(text).toContain('reviewers:');
  });
});

describe('the committed .github files', () => {
  it('are what npm run schema generates from registry/', () => {
    const files = generateGithubFiles(path.join(ROOT, 'registry'), { site: siteFor({}, ROOT), repoRoot: ROOT });
    expect([...files.keys()].sort()).toEqual([
      '.github/CODEOWNERS',
      '.github/ISSUE_TEMPLATE/config.yml',
      '.github/ISSUE_TEMPLATE/dang-ky.yml',
      '.github/pull_request_template.md',
    ]);
    for (const [file, text] of files) {
      expect(readFileSync(path.join(ROOT, file), 'utf8'), `${file} is stale: run npm run schema`).toBe(text);
    }
  });
});

describe('numeric ids and proof codes in registrations by issue', () => {
  it('stores the optional page id as fb_id, without the spaces people copy', () => {
    const run = submit({ ...NEW_CDCS, role: 'unit', url: 'https://www.facebook.com/cdcs.nguyenhue.thu', fb_id: '100 064 512 345 678' });
    expect(run.code).toBe(0);
    expect(run.json?.yaml).toContain('fb_id: "100064512345678"');
  });

  it('refuses a page id that contradicts the id in the address', () => {
    const run = submit({
      ...NEW_CDCS,
      role: 'unit',
      url: 'https://www.facebook.com/profile.php?id=100064512345678',
      fb_id: '100064512345679',
    });
    expect(run.code).toBe(1);
    expect(run.json?.problems).toContainEqual(expect.objectContaining({ rule: 'fb-id-mismatch' }));
  });

  it('puts the proof code of this account and unit in the pull request body', async () => {
    const run = submit(NEW_CDCS);
    expect(run.code).toBe(0);
    const code = await proofCode(NEW_CDCS.url!, run.json!.unit!, NEW_CDCS.since!);
    expect(code.ok && run.json?.body?.includes(`\`${code.code}\``)).toBe(true);
    expect(run.json?.body).toContain('proof: {method: intro');
  });
});

/** The YAML the registration form produces, and where it goes in a unit file (see registration.ts). */
import { Document, isMap, isScalar, isSeq, Scalar } from 'yaml';
import type { AccountInput, RegistrySettings } from '../schema/index.ts';
import { assertProtected } from './registration-groups.ts';
import type { Placement } from './registration-values.ts';

const YAML_OUTPUT = { lineWidth: 0, flowCollectionPadding: false } as const;

// ---------------------------------------------------------------------------------
// YAML

/** Hand-written style: `follows: [a, b]` on one line, `admins_age: |` as a block. */
function styleAccounts(doc: Document, path: readonly (string | number)[], count: number): void {
  for (let i = 0; i < count; i++) {
    const follows = doc.getIn([...path, i, 'follows'], true);
    if (isSeq(follows)) follows.flow = true;
    for (const field of ['admins_age', 'url_age']) {
      const armor = doc.getIn([...path, i, field], true);
      if (isScalar(armor)) armor.type = Scalar.BLOCK_LITERAL;
    }
  }
}

/** The file of a new unit: `units/<parent>/<id>.yaml` (one folder per upper-level union, as the format recommends). */
export function newUnitFile(parent: string, id: string): string {
  return `units/${parent}/${id}.yaml`;
}

function schemaComment(file: string): string {
  // registry/<file>: one `../` per folder of the file, plus one out of registry/.
  return ` yaml-language-server: $schema=${'../'.repeat(file.split('/').length)}schema/unit.schema.json`;
}

/** The whole file of a new unit. */
export function renderNewUnitYaml(
  unit: { name: string; level: string; parent: string },
  accounts: readonly AccountInput[],
  file: string,
  privacy: RegistrySettings['privacy'],
): string {
  assertProtected(accounts, privacy);
  const doc = new Document({ name: unit.name.trim(), level: unit.level, parent: unit.parent, accounts });
  styleAccounts(doc, ['accounts'], accounts.length);
  if (isMap(doc.contents)) doc.contents.commentBefore = schemaComment(file);
  return doc.toString(YAML_OUTPUT);
}

/**
 * The text to add to an existing unit's file: the `accounts` items at the file's own
 * indentation, with the `accounts:` line when the file has none (or `accounts: []`).
 */
export function renderAccountsSnippet(
  accounts: readonly AccountInput[],
  placement: Placement,
  privacy: RegistrySettings['privacy'],
): string {
  assertProtected(accounts, privacy);
  const doc = new Document({ accounts });
  styleAccounts(doc, ['accounts'], accounts.length);
  const indent = Math.max(0, Math.min(8, placement.indent));
  const text = doc.toString({ ...YAML_OUTPUT, indentSeq: indent > 0, indent: Math.max(2, indent) });
  const withKey = placement.where === 'empty-list' || placement.where === 'no-accounts';
  return withKey ? text : text.slice(text.indexOf('\n') + 1);
}

/** Where new items go in a unit file (see `Placement`); pure, line-based, for the build. */
export function placementOf(text: string): Placement {
  const lines = text.split(/\r?\n/);
  const KEY = /^([A-Za-z_][A-Za-z0-9_-]*)[ \t]*:(?:[ \t]+(.*))?$/;
  let accountsAt = -1;
  let value = '';
  let next: string | undefined;
  lines.forEach((line, i) => {
    const m = KEY.exec(line);
    if (!m) return;
    if (m[1] === 'accounts' && accountsAt < 0) {
      accountsAt = i;
      value = (m[2] ?? '').replace(/(^|\s)#.*$/, '').trim();
    } else if (accountsAt >= 0 && next === undefined) {
      next = m[1];
    }
  });
  if (accountsAt < 0) return { where: 'no-accounts', indent: 2 };
  if (value === '[]') return { where: 'empty-list', indent: 2 };
  if (value !== '') return { where: 'unknown', indent: 2 };
  let indent = -1;
  for (let i = accountsAt + 1; i < lines.length; i++) {
    const m = /^([ ]*)-(?:[ \t]|$)/.exec(lines[i] ?? '');
    if (m) {
      indent = (m[1] ?? '').length;
      break;
    }
    if (KEY.test(lines[i] ?? '')) break;
  }
  if (indent < 0) return { where: 'unknown', indent: 2 };
  return { where: next === undefined ? 'end' : `before:${next}`, indent };
}

/** Applies a snippet to a unit file exactly as the page's instructions say (tests and reviewers use it). */
export function applySnippet(text: string, snippet: string, placement: Placement): string {
  const withNewline = text.endsWith('\n') ? text : `${text}\n`;
  switch (true) {
    case placement.where === 'empty-list':
      return withNewline.replace(/^accounts[ \t]*:[ \t]*\[\][^\n]*\n/m, snippet);
    case placement.where === 'no-accounts':
    case placement.where === 'end':
      return withNewline + snippet;
    case placement.where.startsWith('before:'): {
      const key = placement.where.slice('before:'.length);
      const at = new RegExp(`^${key}[ \\t]*:`, 'm').exec(withNewline);
      if (!at) throw new Error(`no line ${key}:`);
      // Comments right above the key stay with it.
      let start = at.index;
      for (;;) {
        const prev = withNewline.lastIndexOf('\n', start - 2);
        const line = withNewline.slice(prev + 1, start - 1);
        if (start === 0 || !/^#/.test(line)) break;
        start = prev + 1;
      }
      return withNewline.slice(0, start) + snippet + withNewline.slice(start);
    }
    default:
      throw new Error('unknown placement');
  }
}

/** What to do with the snippet, in words (HTML-free). */
export function placementInstructions(placement: Placement | undefined): string[] {
  const where = placement?.where ?? 'unknown';
  if (where === 'empty-list') return ['Tìm dòng "accounts: []" trong tệp và xoá dòng đó.', 'Dán đoạn dưới đây vào đúng chỗ dòng vừa xoá.'];
  if (where === 'no-accounts') return ['Xuống cuối tệp, thêm một dòng trống mới.', 'Dán đoạn dưới đây vào dòng mới đó.'];
  if (where === 'end')
    return [
      'Xuống cuối tệp (sau tài khoản cuối cùng), thêm một dòng trống mới.',
      'Dán đoạn dưới đây vào dòng mới đó, không thêm dấu cách ở đầu dòng.',
    ];
  if (where.startsWith('before:')) {
    const key = where.slice('before:'.length);
    return [
      `Tìm dòng bắt đầu bằng "${key}:" (nằm sau các tài khoản).`,
      `Dán đoạn dưới đây vào ngay trên dòng "${key}:", không thêm dấu cách ở đầu dòng.`,
    ];
  }
  return [
    'Nếu tệp có dòng "accounts: []": xoá dòng đó, rồi dán đoạn dưới đây (kể cả dòng "accounts:") vào chỗ đó.',
    'Nếu tệp đã có tài khoản: bỏ dòng "accounts:" đầu đoạn, dán phần còn lại ngay sau tài khoản cuối cùng, các dấu "-" thẳng cột với các tài khoản đã có.',
    'Nếu tệp chưa có dòng "accounts": dán cả đoạn vào cuối tệp.',
  ];
}

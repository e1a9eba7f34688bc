/**
 * The registry folder's layout, and what the unit files' names alone tell: the listing
 * (never following a link out of the registry), bad names, ids used twice, the id order.
 */
import { lstatSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { ID_MAX_LENGTH, ID_PATTERN, RESERVED_UNIT_IDS } from '../schema/index.ts';
import type { Problem } from './problems.ts';

export const SETTINGS_FILE = 'registry.yaml';
export const REPORTED_FILE = 'reported.yaml';
export const UNITS_DIR = 'units';

export interface UnitFile {
  id: string;
  file: string;
  abs: string;
}

/**
 * Every `*.yaml`/`*.yml` under units/, sorted; `when.reached` is called once `when.count`
 * files are found (the parallel validation starts its workers then). Walked by hand: `readdirSync({ recursive })`
 * follows linked folders, and a link must never make the build read outside the registry.
 */
export function listUnitFiles(dir: string, problems: Problem[], when?: { count: number; reached: () => void }): UnitFile[] {
  const files: UnitFile[] = [];
  const linkProblem = (rel: string, what: string) =>
    problems.push({ file: rel, line: 1, column: 1, path: '', rule: 'file-not-regular', severity: 'error', message: `${what} là một liên kết (symlink) hoặc không phải tệp thường. Danh bạ không theo liên kết: hãy thay bằng chính ${what === 'Thư mục này' ? 'thư mục' : 'tệp'}.` });
  // Paths are joined by hand: path.join and path.relative per file cost more than the listing itself.
  const walk = (abs: string, rel: string) => {
    let entries;
    try {
      entries = readdirSync(abs, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const name = entry.name;
      const childAbs = abs + path.sep + name;
      const childRel = rel + '/' + name;
      const yamlName = YAML_NAME.test(name);
      if (entry.isDirectory()) walk(childAbs, childRel);
      else if (entry.isFile()) {
        if (yamlName && files.push({ id: name.replace(YAML_NAME, ''), file: childRel, abs: childAbs }) === when?.count) when.reached();
      } else if (entry.isSymbolicLink() || yamlName) {
        linkProblem(childRel, yamlName ? 'Tệp này' : 'Thư mục này');
      }
    }
  };
  const root = path.join(path.resolve(dir), UNITS_DIR);
  try {
    if (lstatSync(root).isSymbolicLink()) {
      linkProblem(UNITS_DIR, 'Thư mục này');
      return files;
    }
  } catch {
    return files; // no units folder: reported as a missing root
  }
  walk(root, UNITS_DIR);
  return files.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
}

const YAML_NAME = /\.ya?ml$/i;

function idProblem(unit: UnitFile): Problem | undefined {
  if (!/\.yaml$/.test(unit.file)) {
    return { file: unit.file, line: 1, column: 1, path: '', rule: 'id-format', severity: 'error', message: 'Tệp đơn vị phải có đuôi .yaml (chữ thường). Hãy đổi tên tệp.' };
  }
  if (unit.id.length > ID_MAX_LENGTH || !ID_PATTERN.test(unit.id)) {
    return { file: unit.file, line: 1, column: 1, path: '', rule: 'id-format', severity: 'error', message: `Tên tệp "${unit.id}" không dùng được làm mã đơn vị. Mã chỉ gồm chữ thường không dấu, chữ số và dấu gạch ngang (tối đa ${ID_MAX_LENGTH} ký tự), ví dụ cdcs-truong-thpt-kon-tum.yaml.` };
  }
  if (RESERVED_UNIT_IDS.has(unit.id)) {
    return { file: unit.file, line: 1, column: 1, path: '', rule: 'id-format', severity: 'error', message: `Mã "${unit.id}" trùng với một thư mục của trang web danh bạ (/don-vi/${unit.id}/) nên không dùng được. Hãy đổi tên tệp, ví dụ thêm tên địa phương: ${unit.id}-kon-tum.yaml.` };
  }
  return undefined;
}

/** What the file names alone tell (parallel.ts works it out while the workers parse). */
export interface UnitIndex {
  /** Bad file names and ids used twice. */
  problems: Problem[];
  /** Every id that has a file. */
  knownIds: Set<string>;
  /** Positions in the file list of the first file of each id, in id order. */
  order: number[];
  /** Those of `order` whose file name is not a usable id (parsed, but not a unit). */
  badIds: Set<number>;
}

export function indexUnitFiles(unitFiles: readonly UnitFile[]): UnitIndex {
  const problems: Problem[] = [];
  const firstFileOf = new Map<string, number>();
  const badIds = new Set<number>();
  unitFiles.forEach((unitFile, at) => {
    const badId = idProblem(unitFile);
    if (badId) problems.push(badId);
    const first = firstFileOf.get(unitFile.id);
    if (first !== undefined) {
      problems.push({ file: unitFile.file, line: 1, column: 1, path: '', rule: 'duplicate-id', severity: 'error', message: `Mã "${unitFile.id}" đã được dùng cho tệp ${unitFiles[first]!.file}. Mỗi đơn vị cần một tên tệp riêng trong toàn bộ danh bạ: hãy đổi tên một trong hai tệp.` });
      return;
    }
    firstFileOf.set(unitFile.id, at);
    if (badId) badIds.add(at);
  });
  // The built-in sort of the ids alone, which compares UTF-16 code units like `<` does,
  // is several times faster than sorting positions with a comparator.
  const ids = [...firstFileOf.keys()].sort();
  return { problems, knownIds: new Set(ids), order: ids.map((id) => firstFileOf.get(id)!), badIds };
}


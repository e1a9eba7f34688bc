/**
 * The one validation pipeline. Every caller — the CLI, the tests, the Astro build — runs:
 * registry.yaml, the listing of units/ (unit-files.ts), each unit file's own check
 * (file-result.ts), then the rules across files (cross-file.ts) and the positions.
 * `validateRegistry` gets each file's result on this thread; parallel.ts gets the same
 * results from worker threads or the validation cache and hands them to `assembleRegistry`.
 * Problems come back as data with file, line and column.
 */
import { lstatSync, statSync } from 'node:fs';
import path from 'node:path';
import { RegistrySettingsSchema, ReportedSchema, type RegistrySettings, type ReportedAccount, type UnitData } from '../schema/index.ts';
import { checkRegistry, checkUnitLinks, type CheckContext, type UnitEntry } from './cross-file.ts';
import { canonicalize } from './facebook-url.ts';
import { checkUnitFile, type FileResult } from './file-result.ts';
import { todayIso, type Registry, type Unit } from './model.ts';
import { compareProblems, hasErrors, type PathProblem, type Problem } from './problems.ts';
import { parseWith, readSource } from './read-file.ts';
import { indexUnitFiles, listUnitFiles, REPORTED_FILE, SETTINGS_FILE, UNITS_DIR, type UnitFile, type UnitIndex } from './unit-files.ts';
import { locate, parsePrecise, type PreciseParse } from './yaml.ts';

export { lineColumn } from './read-file.ts';
export { REPORTED_FILE, SETTINGS_FILE, UNITS_DIR } from './unit-files.ts';

/** A usage problem (no such folder): exit code 2, not a data problem. */
export class RegistryUsageError extends Error {}

export interface ValidateOptions {
  /** `YYYY-MM-DD`; dates after it are "in the future". Defaults to today (UTC). */
  today?: string;
}

export interface ValidationResult {
  ok: boolean;
  /**
   * Present when the registry could be assembled (settings parsed) from the units' full
   * data; complete only when `ok`. A problems-only run (`validateRegistryProblems`) has none.
   */
  registry?: Registry;
  problems: Problem[];
  units: number;
  accounts: number;
}

export function resolveRegistryDir(flag?: string): string {
  return path.resolve(flag ?? process.env.REGISTRY_DIR ?? 'registry');
}

export function assertRegistryDir(dir: string): void {
  try {
    if (!statSync(dir).isDirectory()) throw new Error();
  } catch {
    throw new RegistryUsageError(`Không tìm thấy thư mục danh bạ: ${dir}`);
  }
}

export interface SettingsRead {
  settings?: RegistrySettings;
  problems: Problem[];
  pathProblems: PathProblem[];
  precise?: PreciseParse;
}

/** registry.yaml: read once a run, before any unit file (their account rules need it). */
export function readRegistrySettings(dir: string): SettingsRead {
  const source = readSource(path.join(dir, SETTINGS_FILE), SETTINGS_FILE, true);
  if (source.text === undefined) return { problems: source.problems, pathProblems: [] };
  const parsed = parseWith(SETTINGS_FILE, source.text, RegistrySettingsSchema, 'mapping');
  return { settings: parsed.data, problems: [...source.problems, ...parsed.problems], pathProblems: parsed.pathProblems, precise: parsed.precise };
}

/** The unit files as listed, and how to get each one's own check (by position in `unitFiles`). */
export interface UnitFilesChecked {
  unitFiles: readonly UnitFile[];
  listProblems: readonly Problem[];
  index: UnitIndex;
  resultOf: (at: number) => FileResult;
}

/** Reads, parses and checks a whole registry folder on this thread. Never throws for bad data. */
export function validateRegistry(dir: string, options: ValidateOptions = {}): ValidationResult {
  assertRegistryDir(dir);
  const today = options.today ?? todayIso();
  const settings = readRegistrySettings(dir);
  const listProblems: Problem[] = [];
  const unitFiles = listUnitFiles(dir, listProblems);
  const ctx = { settings: settings.settings, today, canonical: canonicalize };
  return assembleRegistry(dir, today, settings, { unitFiles, listProblems, index: indexUnitFiles(unitFiles), resultOf: (at) => checkUnitFile(unitFiles[at]!, ctx) });
}

/** The whole-registry stage: each unit's own result, reported.yaml, the rules across files, the positions. */
export function assembleRegistry(dir: string, today: string, settingsRead: SettingsRead, checked: UnitFilesChecked): ValidationResult {
  const problems: Problem[] = [];
  const pending = new Map<string, { pathProblems: PathProblem[]; precise?: PreciseParse }>();
  const defer = (file: string, pathProblems: readonly PathProblem[], precise?: PreciseParse) => {
    if (pathProblems.length === 0) return;
    const entry = pending.get(file);
    if (entry) {
      entry.pathProblems.push(...pathProblems);
      entry.precise ??= precise;
    } else {
      pending.set(file, { pathProblems: [...pathProblems], precise });
    }
  };

  const { settings } = settingsRead;
  problems.push(...settingsRead.problems);
  defer(SETTINGS_FILE, settingsRead.pathProblems, settingsRead.precise);

  const { unitFiles, index } = checked;
  problems.push(...checked.listProblems, ...index.problems);
  const { knownIds } = index;
  // In id order, so that entries need no sorting.
  const entries: (UnitEntry & { data?: UnitData })[] = [];
  const byId = new Map<string, UnitEntry>();
  for (const at of index.order) {
    const unitFile = unitFiles[at]!;
    const result = checked.resultOf(at);
    if (result.problems.length > 0) problems.push(...result.problems);
    defer(unitFile.file, result.pathProblems, result.precise);
    if (result.unit && !index.badIds.has(at)) {
      const entry: UnitEntry & { data?: UnitData } = { id: unitFile.id, file: unitFile.file, unit: result.unit };
      if (result.data) entry.data = result.data;
      entries.push(entry);
      byId.set(entry.id, entry);
      defer(unitFile.file, result.accountProblems, result.precise);
    }
  }

  // reported.yaml (optional)
  let reported: ReportedAccount[] | undefined;
  try {
    lstatSync(path.join(dir, REPORTED_FILE));
    const source = readSource(path.join(dir, REPORTED_FILE), REPORTED_FILE, true);
    problems.push(...source.problems);
    if (source.text !== undefined) {
      const parsed = parseWith(REPORTED_FILE, source.text, ReportedSchema, 'sequence');
      problems.push(...parsed.problems);
      defer(REPORTED_FILE, parsed.pathProblems, parsed.precise);
      reported = parsed.data;
    }
  } catch {
    reported = [];
  }

  const ctx: CheckContext = { settings, knownIds, levelOf: (id) => byId.get(id)?.unit.level, today, canonical: canonicalize };
  // A linked units folder was not read at all: cross-file rules would only echo that.
  const unitsUnreadable = problems.some((p) => p.file === UNITS_DIR && p.rule === 'file-not-regular');
  if (!unitsUnreadable) {
    for (const entry of entries) defer(entry.file, checkUnitLinks(entry, ctx));
    for (const { file, problems: list } of checkRegistry(settings, entries, reported, ctx, { settings: SETTINGS_FILE, reported: REPORTED_FILE }, byId)) {
      defer(file, list);
    }
  }

  // Positions, only for the files that have problems.
  for (const [file, { pathProblems, precise }] of pending) {
    let located = precise;
    if (!located) {
      const source = readSource(path.join(dir, file), file);
      located = parsePrecise(file, source.text ?? '', file === REPORTED_FILE ? 'sequence' : 'mapping');
    }
    for (const p of pathProblems) {
      const { line, column } = locate(located.doc, located.lines, p.path, p.at);
      problems.push({ file, line, column, path: p.path.join('.'), rule: p.rule, severity: p.severity, message: p.message });
    }
  }
  problems.sort(compareProblems);

  const accounts = entries.reduce((n, e) => n + (e.unit.accounts?.length ?? 0), 0);
  const ok = !hasErrors(problems);
  let registry: Registry | undefined;
  if (settings && entries.every((e) => e.data !== undefined)) {
    const units: Unit[] = entries.map((e) => ({ ...e.data!, id: e.id, file: e.file }));
    registry = { settings, units, byId: new Map(units.map((u) => [u.id, u])), reported: reported ?? [] };
  }
  return { ok, registry, problems, units: entries.length, accounts };
}

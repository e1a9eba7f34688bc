/**
 * Each unit file's own check: read, YAML, schema and the account rules that need only the
 * settings. It depends on nothing but the file and the settings, so running it on this
 * thread, on a worker thread (parallel.ts) or taking it from the validation cache
 * (cache.ts) are interchangeable ways of getting the same `FileResult`. Results cross
 * threads through the one encode/decode pair below.
 */
import { UnitSchema, type RegistrySettings, type UnitData } from '../schema/index.ts';
import { accountKey, checkAccount } from './checks.ts';
import type { CrossFileAccount, CrossFileUnit } from './cross-file.ts';
import { canonicalize, type CanonicalResult } from './facebook-url.ts';
import { fbIdKey } from './account-ids.ts';
import type { PathProblem, Problem } from './problems.ts';
import { parseWith, readSource } from './read-file.ts';
import type { UnitFile } from './unit-files.ts';
import type { PreciseParse } from './yaml.ts';

export interface FileContext {
  /** registry.yaml as read by the whole-registry stage (undefined when it did not pass the schema). */
  settings: RegistrySettings | undefined;
  today: string;
  /** `canonicalize`, or on a worker `canonicalizeOnce` (each address is seen once there). */
  canonical: (url: string) => CanonicalResult;
}

export interface FileResult {
  /** The unit's data, when the file passed the schema; left out where only the rules' view is wanted (`rulesView`). */
  data?: UnitData;
  /** What the rules across files read of it, when it passed the schema. */
  unit?: CrossFileUnit;
  /** Problems that already have a position (reading, YAML). */
  problems: Problem[];
  /** Schema problems, placed later (only files with problems pay for positions). */
  pathProblems: PathProblem[];
  /** The account rules' problems: they count only when the file's name makes it a unit. */
  accountProblems: PathProblem[];
  /** A digest of the file's bytes, when asked for (the validation cache keys results by it). */
  digest?: string;
  /** The YAML document, for positions; it never crosses threads. */
  precise?: PreciseParse;
}

/** The empty lists of every clean result (frozen: nothing may add to them). */
const NONE = Object.freeze([]) as never[];

export function checkUnitFile(unitFile: UnitFile, ctx: FileContext, withDigest = false): FileResult {
  const source = readSource(unitFile.abs, unitFile.file, false, withDigest);
  if (source.text === undefined) return { problems: source.problems, pathProblems: [], accountProblems: [] };
  const result = checkUnitText(source.text, unitFile.file, ctx);
  if (source.problems.length > 0) result.problems = [...source.problems, ...result.problems];
  if (source.digest !== undefined) result.digest = source.digest;
  return result;
}

/** The check of a unit file's text (after the byte-level checks of `readSource`). */
export function checkUnitText(text: string, file: string, ctx: FileContext): FileResult {
  const parsed = parseWith(file, text, UnitSchema, 'mapping');
  const result: FileResult = { problems: parsed.problems, pathProblems: parsed.pathProblems, accountProblems: [] };
  if (parsed.precise) result.precise = parsed.precise;
  if (!parsed.data) return result;
  const keys: (string | null)[] = [];
  parsed.data.accounts?.forEach((account, i) => {
    // Canonicalised once, for the checks and for the key.
    const c = account.url === undefined ? undefined : ctx.canonical(account.url);
    const once = () => c!;
    const problems = checkAccount(account, i, { settings: ctx.settings, today: ctx.today, canonical: once });
    if (problems.length > 0) result.accountProblems.push(...problems);
    keys.push(accountKey(account, once));
  });
  result.data = parsed.data;
  result.unit = crossFileUnit(parsed.data, keys);
  return result;
}

/** The rules' view of a unit: `keys[i]` is the key of its i-th account. */
export function crossFileUnit(data: UnitData, keys: readonly (string | null)[]): CrossFileUnit {
  const unit: CrossFileUnit = { level: data.level };
  if (data.parent !== undefined) unit.parent = data.parent;
  if (data.successor !== undefined) unit.successor = data.successor;
  if (data.dissolved !== undefined) unit.dissolved = data.dissolved;
  if (data.accounts) {
    unit.accounts = data.accounts.map((a, i) => {
      const formerKeys: string[] = [];
      for (const url of a.former_urls ?? []) {
        const c = canonicalize(url);
        if (c.ok) formerKeys.push(c.key);
      }
      return crossFileAccount(a.url, a.until, keys[i] ?? null, fbIdKey(a) ?? undefined, formerKeys.length > 0 ? formerKeys : undefined);
    });
  }
  return unit;
}

function crossFileAccount(url: string | undefined, until: string | undefined, key: string | null, idKey?: string, formerKeys?: string[]): CrossFileAccount {
  const account: CrossFileAccount = { key };
  if (url !== undefined) account.url = url;
  if (until !== undefined) account.until = until;
  if (idKey !== undefined) account.idKey = idKey;
  if (formerKeys !== undefined) account.formerKeys = formerKeys;
  return account;
}

export function accountKeysOf(unit: CrossFileUnit): (string | null)[] {
  return unit.accounts?.map((a) => a.key) ?? [];
}

/** A clean result (nothing to report) for data already checked: what the validation cache gives back. */
export function cleanResult(data: UnitData, keys: readonly (string | null)[], digest?: string): FileResult {
  const result: FileResult = { data, unit: crossFileUnit(data, keys), problems: NONE, pathProblems: NONE, accountProblems: NONE };
  if (digest !== undefined) result.digest = digest;
  return result;
}

export function isClean(result: FileResult): boolean {
  return result.problems.length === 0 && result.pathProblems.length === 0 && result.accountProblems.length === 0;
}

/** The result without the unit's full data: all a problems-only run needs (`npm run validate`). */
export function rulesView(result: FileResult): FileResult {
  const { data: _data, precise: _precise, ...rest } = result;
  return rest;
}

/**
 * A clean result without full data crosses as a flat list — `[level, parent, successor,
 * dissolved, accounts]`, absent values as 0, accounts as `url, until, key, id key, former keys`
 * five at a time — several times cheaper to send and take in than the object. Anything else goes
 * as the object, with the account keys beside the data instead of a second copy of it.
 */
/** Values per account in a clean record: url, until, key, id key, former keys (space-separated; keys hold no space). */
const ACCOUNT_FIELDS = 5;
type CleanRecord = [level: string, parent: string | 0, successor: string | 0, dissolved: string | 0, accounts: (string | 0)[] | 0];
type WireObject = Omit<FileResult, 'precise'> & { keys?: (string | null)[] };
export type WireResult = CleanRecord | WireObject;

export function encodeFileResult(result: FileResult): WireResult {
  const { unit, precise: _precise, ...rest } = result;
  if (unit && !result.data && result.digest === undefined && isClean(result)) {
    let accounts: (string | 0)[] | 0 = 0;
    if (unit.accounts) {
      const list: (string | 0)[] = (accounts = []);
      for (const a of unit.accounts) list.push(a.url ?? 0, a.until ?? 0, a.key ?? 0, a.idKey ?? 0, a.formerKeys?.join(' ') ?? 0);
    }
    return [unit.level, unit.parent ?? 0, unit.successor ?? 0, unit.dissolved ?? 0, accounts];
  }
  if (!unit) return rest;
  return result.data ? { ...rest, keys: accountKeysOf(unit) } : { ...rest, unit };
}

export function decodeFileResult(wire: WireResult): FileResult {
  if (!Array.isArray(wire)) {
    const { keys, ...result } = wire;
    if (result.data && keys) result.unit = crossFileUnit(result.data, keys);
    return result;
  }
  const [level, parent, successor, dissolved, list] = wire;
  const unit: CrossFileUnit = { level };
  if (parent !== 0) unit.parent = parent;
  if (successor !== 0) unit.successor = successor;
  if (dissolved !== 0) unit.dissolved = dissolved;
  if (list !== 0) {
    const accounts: CrossFileAccount[] = [];
    for (let i = 0; i < list.length; i += ACCOUNT_FIELDS) {
      const url = list[i]!;
      const until = list[i + 1]!;
      const key = list[i + 2]!;
      const idKey = list[i + 3]!;
      const former = list[i + 4]!;
      accounts.push(crossFileAccount(url === 0 ? undefined : url, until === 0 ? undefined : until, key === 0 ? null : key, idKey === 0 ? undefined : idKey, former === 0 ? undefined : former.split(' ')));
    }
    unit.accounts = accounts;
  }
  return { unit, problems: NONE, pathProblems: NONE, accountProblems: NONE };
}
